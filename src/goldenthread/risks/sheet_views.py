"""The risk register as a spreadsheet, for the performance team: export it
(risks, controls, further actions) and load an edited copy of its Risks sheet
on the import pipeline (`goldenthread.imports.views`); and the register page's
table as CSV or Excel for anyone who may see it (`risks.exports`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_safe

from goldenthread.imports.rows import RowsPreview
from goldenthread.imports.views import SpreadsheetImportView
from goldenthread.people.access import scope_of
from goldenthread.risks.selectors import risk_matrix, visible_risks
from goldenthread.risks.sheet import RiskImport, Saved, risk_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _team_only(request: HttpRequest) -> None:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team loads or exports the risk register")


@require_safe
def export(request: HttpRequest) -> HttpResponse:
    _team_only(request)
    content = risk_workbook(visible_risks(scope_of(request.user)), risk_matrix())
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="risk-register-{stamp}.xlsx"'
    return response


class RiskImportView(SpreadsheetImportView):
    """Upload an edited register, see what it changes, then save it."""

    template_name = "risks/sheet_register.html"
    upload_label = "Upload the risk register"
    upload_help = "An .xlsx file laid out like the download: one risk per row on the Risks sheet."

    def check_access(self) -> None:
        _team_only(self.request)

    def importer(self) -> RiskImport:
        return RiskImport(risk_matrix())

    def preview_context(self, preview: RowsPreview) -> dict[str, Any]:
        return preview.context()

    def applied(self, preview: RowsPreview, result: Saved) -> HttpResponse:
        messages.success(
            self.request,
            f"Risk register loaded from {preview.filename}: {result.created} risks added, "
            f"{result.changed} changed.",
        )
        return redirect("risks:register")


load = RiskImportView.as_view()

"""The register as a spreadsheet, for the performance team: export it, and
import a changed one on the import pipeline (upload, preview, apply:
`goldenthread.imports.views`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_safe

from goldenthread.imports.views import SpreadsheetImportView
from goldenthread.indicators.bulk import Loaded, RegisterPreview, group_targets
from goldenthread.indicators.register_sheet import RegisterImport, register_workbook
from goldenthread.people.access import scope_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _team_only(request: HttpRequest) -> None:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team loads or exports the register")


@require_safe
def export(request: HttpRequest) -> HttpResponse:
    _team_only(request)
    response = HttpResponse(register_workbook(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="register-{stamp}.xlsx"'
    return response


class RegisterImportView(SpreadsheetImportView):
    """Upload a register spreadsheet, see what it changes, then apply it."""

    template_name = "indicators/register_sheet.html"
    upload_label = "Upload a register spreadsheet"
    upload_help = (
        "An .xlsx file laid out like the export: Service, Service area, KPI, "
        "targets per council and year, then the other register columns."
    )

    def check_access(self) -> None:
        _team_only(self.request)

    def importer(self) -> RegisterImport:
        return RegisterImport()

    def preview_context(self, preview: RegisterPreview) -> dict[str, Any]:
        return {
            "counts": counts_of(preview),
            "targets": group_targets(preview.targets),
            "changed": [c for c in preview.indicators if c.kind == "changed"],
            "new": [c for c in preview.indicators if c.kind == "new"],
        }

    def applied(self, preview: RegisterPreview, result: Loaded) -> HttpResponse:
        messages.success(
            self.request,
            f"Register loaded from {preview.filename}: {result.created} created, "
            f"{result.changed} changed.",
        )
        return redirect("indicators:list")


load = RegisterImportView.as_view()


def counts_of(preview: RegisterPreview) -> dict[str, int]:
    return {
        "indicators new": preview.indicator_count("new"),
        "indicators changed": preview.indicator_count("changed"),
        "indicators unchanged": preview.indicator_count("unchanged"),
        "targets new": preview.target_count("new"),
        "targets changed": preview.target_count("changed"),
        "targets removed": preview.target_count("removed"),
        "targets unchanged": preview.target_count("unchanged"),
        **(
            {f"status schemes {k}": preview.schemes.count(k) for k in ("new", "changed")}
            if preview.schemes
            else {}
        ),
    }

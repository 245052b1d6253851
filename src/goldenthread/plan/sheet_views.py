"""The Improvement Plan as spreadsheets: the actions (exported for anyone who
may see them, loaded by the performance team) and a service's quarterly update
(its template downloaded, a filled-in copy uploaded by the service's officers
and the team), both on the import pipeline (`goldenthread.imports.views`);
and the plan page's table as CSV or Excel (`plan.exports`)."""

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
from goldenthread.plan.selectors import visible_actions
from goldenthread.plan.sheet import PlanImport, Saved, plan_workbook
from goldenthread.plan.sheet_update import (
    UpdateImport,
    UpdatePage,
    update_filename,
    update_workbook,
)
from goldenthread.plan.update_views import update_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """Every action this person may see, as a workbook."""
    content = plan_workbook(visible_actions(scope_of(request.user)))
    return _xlsx(content, f"plan-actions-{timezone.localdate().isoformat()}.xlsx")


class PlanImportView(SpreadsheetImportView):
    """The performance team uploads an edited copy, sees what it changes, saves it."""

    template_name = "plan/sheet_register.html"
    upload_label = "Upload the plan's actions"
    upload_help = "An .xlsx file laid out like the download: one action per row."

    def check_access(self) -> None:
        if not scope_of(self.request.user).is_performance_team:
            raise PermissionDenied("Only the performance team loads the plan's actions")

    def importer(self) -> PlanImport:
        return PlanImport()

    def preview_context(self, preview: RowsPreview) -> dict[str, Any]:
        return preview.context()

    def applied(self, preview: RowsPreview, result: Saved) -> HttpResponse:
        messages.success(
            self.request,
            f"Plan loaded from {preview.filename}: {result.created} actions added, "
            f"{result.changed} changed.",
        )
        return redirect("plan:register")


load = PlanImportView.as_view()


@require_safe
def update_template(
    request: HttpRequest, service_area_id: int, year: int, quarter: int
) -> HttpResponse:
    """The update's template, for those who may see its draft: the service's
    officers, its director and the team."""
    page = update_page(request, service_area_id, year, quarter)
    if not page.parties:
        raise PermissionDenied("You do not update or sign off this service's plan")
    content = update_workbook(page.service, page.quarter)
    return _xlsx(content, update_filename(page.service, page.quarter))


class UpdateImportView(SpreadsheetImportView):
    """The service's officers (and the team) upload a filled-in template."""

    template_name = "plan/sheet_update.html"
    upload_label = "Upload the filled-in update"
    upload_help = "The .xlsx template downloaded from this page, filled in and saved."
    size_advice = " An update is far smaller; check you chose the right file."

    def check_access(self) -> None:
        at = self.kwargs
        self.update = update_page(self.request, at["service_area_id"], at["year"], at["quarter"])
        if not self.update.can_edit:
            raise PermissionDenied("You do not update this service's plan")

    def importer(self) -> UpdateImport:
        return UpdateImport(UpdatePage(self.update.service, self.update.quarter))

    def page_context(self) -> dict[str, Any]:
        page = self.update
        return {
            "service": page.service,
            "quarter": page.quarter,
            "year": page.quarter.financial_year.start_year,
            "update": page.update,
            "editable": page.editable,
        }

    def preview_context(self, preview: RowsPreview) -> dict[str, Any]:
        return preview.context()

    def applied(self, preview: RowsPreview, result: int) -> HttpResponse:
        plural = "" if result == 1 else "s"
        messages.success(
            self.request, f"Imported {preview.filename}: {result} action{plural} updated."
        )
        page = self.update
        return redirect(
            "plan:update",
            page.service.service_area_id,
            page.quarter.financial_year.start_year,
            page.quarter.number,
        )


update_import = UpdateImportView.as_view()

"""The return as a spreadsheet on the web: download the template of a return
(or of its directorate), and import a filled-in one on the import pipeline
(upload, preview, apply: `goldenthread.imports.views`).

Nothing is kept on the server between preview and apply: the preview page
carries the checked cell texts back, signed (docs/decisions/0006).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from goldenthread.imports.views import SpreadsheetImportView
from goldenthread.organisations.models import ServiceArea
from goldenthread.returns.selectors import applicable_indicators
from goldenthread.returns.sheet_import import (
    Expected,
    ReturnImport,
    ReturnsPreview,
    quarter_results,
)
from goldenthread.returns.sheet_template import return_template
from goldenthread.returns.views import ReturnPage, return_page
from goldenthread.returns.visibility import figures_shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTED = 500  # changes listed per kind on the preview page


@require_safe
def template_download(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    """The return's .xlsx template, filled in with what is saved; with
    ?whole=directorate, every service area of the directorate this person
    enters data for (or, for readers, can see) in one workbook."""
    page = return_page(request, code, service_area_id, year, number)
    areas = [page.service_area]
    if request.GET.get("whole") == "directorate":
        areas = directorate_areas(page)
    areas = [a for a in areas if figures_shown(page.scope, page.organisation, a, page.quarter)]
    if not areas:
        raise PermissionDenied("The figures of this return are shown once it is approved")
    template = return_template(
        organisation=page.organisation, service_areas=areas, quarter=page.quarter
    )
    response = HttpResponse(template.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template.filename}"'
    return response


def directorate_areas(page: ReturnPage) -> list[ServiceArea]:
    """The directorate's service areas with indicators for the council, limited to
    those the person enters data for when they enter data for this one."""
    areas = [
        area
        for area in ServiceArea.objects.filter(directorate=page.service_area.directorate)
        if applicable_indicators(
            page.quarter, organisation=page.organisation, service_area_id=area.id
        ).exists()
    ]
    if page.can_edit:
        areas = [a for a in areas if page.scope.enters_data_for(page.organisation.id, a.id)]
    return areas


class ReturnImportView(SpreadsheetImportView):
    """Upload a filled-in template, see what it would change, then apply it."""

    template_name = "returns/sheet_import.html"
    upload_label = "Upload the filled-in template"
    upload_help = "The .xlsx file you downloaded from this page, filled in and saved."
    required_message = "Choose the filled-in .xlsx file to upload"
    size_advice = " A data return is far smaller; check you chose the right file."

    def check_access(self) -> None:
        self.return_page = return_page(
            self.request, *self.args, **self.kwargs, with_indicators=False
        )
        if not self.return_page.can_edit:
            raise PermissionDenied("You do not enter data for this service area")

    def importer(self) -> ReturnImport:
        page = self.return_page
        # the return whose page this is: an upload must hold it, a preview is bound to it
        this_return = Expected(page.organisation, page.service_area, page.quarter)
        return ReturnImport(scope=page.scope, expect=this_return)

    def page_context(self) -> dict[str, Any]:
        page = self.return_page
        return {
            "organisation": page.organisation,
            "service_area": page.service_area,
            "quarter": page.quarter,
            "listed": LISTED,
        }

    def preview_context(self, preview: ReturnsPreview) -> dict[str, Any]:
        return {
            "groups": [
                (kind, title, preview.changes(kind)[:LISTED], preview.count(kind))
                for kind, title in (
                    ("new", "New"),
                    ("changed", "Changed"),
                    ("cleared", "Cleared (the cell is blank)"),
                    ("unchanged", "Unchanged"),
                )
            ],
            "several": len(preview.parts) > 1,
            "results": quarter_results(preview),
        }

    def applied(self, preview: ReturnsPreview, result: int) -> HttpResponse:
        plural = "s" if result != 1 else ""
        messages.success(
            self.request, f"Imported {preview.filename}: {result} change{plural} saved."
        )
        page = self.return_page
        return redirect(
            "returns:edit",
            page.organisation.code,
            page.service_area.id,
            page.quarter.financial_year.start_year,
            page.quarter.number,
        )


import_return = ReturnImportView.as_view()

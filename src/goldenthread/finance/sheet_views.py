"""A period's forecast as a workbook: the template of one service's lines
downloaded, and a filled-in copy uploaded, by the finance business partners
(and the team), on the import pipeline (`goldenthread.imports.views`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from goldenthread.finance.forecast_views import ForecastPage, chosen_service, forecast_page
from goldenthread.finance.sheet_forecast import (
    ForecastImport,
    forecast_filename,
    forecast_workbook,
    period_words,
)
from goldenthread.imports.rows import RowsPreview
from goldenthread.imports.views import SpreadsheetImportView

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
def forecast_template(
    request: HttpRequest, year: int, period: int, service_id: int
) -> HttpResponse:
    """One service's template for the period, for those who may see its draft:
    the finance business partners, the Director of Finance and the team."""
    page = forecast_page(request, year, period, service_id)
    assert page.service is not None
    content = forecast_workbook(page.budget, period, page.service, page.lines, page.scope)
    response = HttpResponse(content, content_type=XLSX)
    filename = forecast_filename(page.budget, period, page.service)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ForecastImportView(SpreadsheetImportView):
    """The finance business partners (and the team) upload a filled-in template."""

    template_name = "finance/forecast_import.html"
    upload_label = "Upload the filled-in forecast"
    upload_help = "The .xlsx template downloaded from this page, filled in and saved."
    size_advice = " A forecast is far smaller; check you chose the right file."

    def check_access(self) -> None:
        at = self.kwargs
        self.forecast = forecast_page(self.request, at["year"], at["period"], self.service_id())
        if not self.forecast.can_edit:
            raise PermissionDenied("You do not enter this budget's forecasts")

    def service_id(self) -> int | None:
        return chosen_service(self.request)

    def importer(self) -> ForecastImport:
        page = self.forecast
        return ForecastImport(page.scope, page.budget, page.number, page.service)

    def page_context(self) -> dict[str, Any]:
        page: ForecastPage = self.forecast
        return {
            "page": page,
            "budget": page.budget,
            "label": period_words(page.budget, page.number),
            "year": page.year,
            "number": page.number,
            "finance_period": page.finance_period,
            "editable": page.editable,
        }

    def preview_context(self, preview: RowsPreview) -> dict[str, Any]:
        return preview.context()

    def applied(self, preview: RowsPreview, result: int) -> HttpResponse:
        plural = "" if result == 1 else "s"
        messages.success(
            self.request, f"Imported {preview.filename}: {result} line{plural} changed."
        )
        page = self.forecast
        response = redirect("finance:forecast", page.year, page.number)
        if page.service is not None:
            response["Location"] += f"?service={page.service.pk}"
        return response


forecast_import = ForecastImportView.as_view()

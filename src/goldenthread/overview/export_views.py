"""Downloads of the overview's tables, the progress page's and an indicator's
figures, as CSV or Excel, with the page's own query string (its filters).
Each reads with the page's selectors, for the person signed in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from goldenthread.exports.responses import table_response
from goldenthread.indicators.models import Indicator
from goldenthread.overview import exports, indicator_export, progress_export
from goldenthread.people.access import scope_of


@require_safe
def overview_figures(request: HttpRequest, file_format: str) -> HttpResponse:
    view = exports.overview_of(scope_of(request.user), request.GET)
    return table_response(exports.figures_table(view), file_format)


@require_safe
def overview_summary(request: HttpRequest, file_format: str) -> HttpResponse:
    view = exports.overview_of(scope_of(request.user), request.GET)
    return table_response(exports.summary_table(view), file_format)


@require_safe
def progress(request: HttpRequest, file_format: str) -> HttpResponse:
    table = progress_export.progress_table(scope_of(request.user), request.GET)
    return table_response(table, file_format)


@require_safe
def indicator(request: HttpRequest, reference: str, file_format: str) -> HttpResponse:
    shown = get_object_or_404(
        Indicator.objects.select_related("service_area__directorate"), reference=reference
    )
    quarter, figures = indicator_export.indicator_figures(
        scope_of(request.user), shown, request.GET
    )
    return table_response(indicator_export.indicator_table(shown, quarter, figures), file_format)

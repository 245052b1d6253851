"""The indicator register: the list, and each indicator's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from goldenthread.indicators import selectors
from goldenthread.indicators.models import Indicator
from goldenthread.overview.selectors import quarter_choices, quarter_from, visible_organisations
from goldenthread.people.access import scope_of


def register(request: HttpRequest) -> HttpResponse:
    include_retired = request.GET.get("retired") == "1"
    return render(
        request,
        "indicators/register.html",
        {
            "indicators": selectors.register(include_retired=include_retired),
            "include_retired": include_retired,
        },
    )


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("service_area__directorate"), reference=reference
    )
    scope = scope_of(request.user)
    quarter = quarter_from(request.GET.get("period"))
    organisations = visible_organisations(scope)
    code = request.GET.get("organisation")
    if code:
        organisations = [o for o in organisations if o.code == code] or organisations
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "quarter": quarter,
            "quarters": quarter_choices(quarter),
            "figures": selectors.indicator_figures(indicator, quarter, organisations),
            "history": selectors.history(indicator, organisations),
        },
    )

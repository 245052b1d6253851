"""The overview (every indicator for a quarter and council, with summary
counts), and the progress of the quarter's returns."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from goldenthread.domain.periods import quarter_choices
from goldenthread.indicators.models import Tier
from goldenthread.organisations.models import Directorate, ServiceArea
from goldenthread.overview import selectors
from goldenthread.overview.headlines import headlines
from goldenthread.overview.queries import overview_query, progress_query
from goldenthread.people.access import scope_of
from goldenthread.submissions.selectors import (
    STATE_CHOICES,
    progress_of_every_kind,
)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    asked = overview_query(scope, request.GET)
    quarter, filters = asked.quarter, asked.filters
    view = selectors.overview(scope, quarter, filters, asked.columns)
    before = selectors.overview(scope, quarter.previous(), filters, asked.columns)
    template = (
        "overview/_results.html" if request.headers.get("HX-Request") else "overview/home.html"
    )
    return render(
        request,
        template,
        {
            "view": view,
            "headline": headlines(view.summary, before.summary, asked.columns.columns),
            "filters": filters,
            "search": asked.search,
            "organisations": asked.councils.visible,
            "quarters": quarter_choices(quarter),
            "directorates": Directorate.objects.all(),
            "service_areas": ServiceArea.objects.select_related("directorate"),
            "statuses": asked.columns.choices,
            "tiers": Tier.choices,
        },
    )


@require_safe
def progress(request: HttpRequest) -> HttpResponse:
    quarter, councils, filters = progress_query(scope_of(request.user), request.GET)
    organisations = councils.visible
    return render(
        request,
        "overview/progress.html",
        {
            "quarter": quarter,
            "quarters": quarter_choices(quarter),
            "sections": progress_of_every_kind(organisations, quarter, filters),
            "filters": filters,
            "organisations": organisations,
            "directorates": Directorate.objects.all(),
            "states": STATE_CHOICES,
        },
    )

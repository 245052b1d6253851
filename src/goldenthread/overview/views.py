"""The overview (every indicator for a quarter and council, with summary
counts), and the progress of the quarter's returns."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from goldenthread.domain.periods import quarter_choices
from goldenthread.indicators.models import Tier
from goldenthread.organisations.models import Directorate, ServiceArea
from goldenthread.overview import selectors
from goldenthread.people.access import scope_of, visible_organisations
from goldenthread.returns.selectors import quarter_from
from goldenthread.submissions.selectors import progress_of_every_kind


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    quarter = quarter_from(request.GET.get("period"))
    organisations = visible_organisations(scope)
    code = request.GET.get("organisation", "")
    organisation = next((o for o in organisations if o.code == code), None)
    if code and organisation is None:
        raise Http404("No such organisation")
    filters = selectors.Filters(
        organisation=organisation,
        directorate_id=_int(request.GET.get("directorate")),
        service_area_id=_int(request.GET.get("service_area")),
        status=request.GET.get("status", ""),
        tier=request.GET.get("tier", ""),
    )
    view = selectors.overview(scope, quarter, filters)
    template = (
        "overview/_results.html" if request.headers.get("HX-Request") else "overview/home.html"
    )
    return render(
        request,
        template,
        {
            "view": view,
            "filters": filters,
            "organisations": organisations,
            "quarters": quarter_choices(quarter),
            "directorates": Directorate.objects.all(),
            "service_areas": ServiceArea.objects.select_related("directorate"),
            "statuses": selectors.SUMMARY_STATUSES,
            "tiers": Tier.choices,
        },
    )


@require_safe
def progress(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    quarter = quarter_from(request.GET.get("period"))
    sections = progress_of_every_kind(visible_organisations(scope), quarter)
    return render(
        request,
        "overview/progress.html",
        {"quarter": quarter, "quarters": quarter_choices(quarter), "sections": sections},
    )

"""An indicator's page (its figures for each council the reader may see, and
its history) and its targets page (the year's targets with the previous
year's outturn, set by the performance team). Their addresses are the
register's (`overview.indicator_urls`)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.domain.periods import FinancialYear, quarter_choices
from goldenthread.domain.values import Unit
from goldenthread.indicators.forms import TargetsForm
from goldenthread.indicators.models import Indicator
from goldenthread.overview import indicator_selectors
from goldenthread.overview.charts import indicator_charts
from goldenthread.overview.queries import indicator_query
from goldenthread.people.access import scope_of
from goldenthread.plan.selectors import visible_actions
from goldenthread.plan.visibility import latest_seen
from goldenthread.returns.selectors import figures_for
from goldenthread.returns.services import targets_set
from goldenthread.returns.visibility import figure_changes_seen, seen, viewer_of


@require_safe
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("service_area__directorate"), reference=reference
    )
    scope = scope_of(request.user)
    quarter, organisations = indicator_query(scope, request.GET)
    viewer = viewer_of(scope)  # figures awaiting approval: shown, marked, or withheld
    figure_changes_of = figure_changes_seen(viewer, indicator, organisations)
    figures = seen(
        viewer, figures_for(quarter=quarter, indicators=[indicator], organisations=organisations)
    )
    return render(
        request,
        "overview/indicator.html",
        {
            "indicator": indicator,
            "rating": indicator_selectors.rating_of(indicator),
            "quarter": quarter,
            "quarters": quarter_choices(quarter),
            "figures": figures,
            "charts": indicator_charts(viewer, indicator, quarter, figures),
            "history": indicator_selectors.history(
                indicator, organisations, figures_of=figure_changes_of
            ),
            "history_without_figures": len(figure_changes_of) < len(organisations),
            "plan_actions": latest_seen(scope, visible_actions(scope).filter(indicators=indicator)),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def targets(request: HttpRequest, reference: str, year: int) -> HttpResponse:
    """The performance team sets an indicator's targets for a year, per council."""
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team changes targets")
    indicator = get_object_or_404(Indicator, reference=reference)
    if not 2000 <= year <= 2100:
        raise Http404("No such financial year")
    financial_year = FinancialYear(year)
    organisations = list(indicator.organisations.all())
    start = financial_year.start_year
    form_for = partial(
        TargetsForm, organisations=organisations, unit=Unit(indicator.unit), year=financial_year
    )
    if request.method == "POST":
        form = form_for(request.POST)
        if form.is_valid():
            changed = targets_set(
                indicator=indicator,
                year=start,
                targets=form.targets(),
                outturns=form.outturns(),
                by=request.user,
            )
            messages.success(
                request, f"Targets for {financial_year.label} saved ({changed} changed)."
            )
            return redirect("indicators:detail", reference)
    else:
        form = form_for(initial=indicator_selectors.targets_initial(indicator, financial_year))
    errors = [(f"id_{name}", m) for name, ms in form.errors.items() for m in ms]
    return render(
        request,
        "overview/targets.html",
        {"indicator": indicator, "year": financial_year, "form": form, "errors": errors},
        status=400 if errors else 200,
    )

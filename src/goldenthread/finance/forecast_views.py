"""A period's forecast: the finance business partners (the officers of the
service area that prepares the budget, and the team) enter each line's forecast
outturn and the explanation of its variance, save and submit; the Director of
Finance (that area's directorate's director) signs it off
(`submissions.views.decide`). Each person sees the lines they may see
(`finance.selectors.visible_lines`): never another council's non-shared lines.
Anyone else is told the page does not exist (404), or, if they see the shared
service, that it is not theirs (403): readers read the position."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from goldenthread.domain import lifecycle
from goldenthread.domain.budget import PERIODS, Position
from goldenthread.domain.lifecycle import Action as Move
from goldenthread.domain.lifecycle import Party
from goldenthread.finance import selectors, services
from goldenthread.finance.forms import ForecastLineForm, typed
from goldenthread.finance.kind import FORECASTS
from goldenthread.finance.models import (
    Budget,
    BudgetLine,
    FinancePeriod,
    LineBudget,
    LineForecast,
)
from goldenthread.organisations.models import ServiceArea
from goldenthread.people.access import Scope, scope_of
from goldenthread.submissions import views as submissions
from goldenthread.submissions.forms import DecisionForm
from goldenthread.submissions.services import StaleSubmission

YEARS = range(2000, 2101)


@dataclass
class ForecastPage:
    """Everything the forecast page is about, checked for this person."""

    scope: Scope
    budget: Budget
    number: int  # the period, 1-12
    finance_period: FinancePeriod | None
    services: list[ServiceArea]  # the services of the lines this person sees
    service: ServiceArea | None  # the filter: one service's lines, or every line
    lines: list[BudgetLine]  # the open lines shown, with a budget for the year
    budgets: dict[int, Decimal]

    @property
    def year(self) -> int:
        return self.budget.year

    @property
    def parties(self) -> set[Party]:
        return FORECASTS.parties(self.scope, self.budget.organisation, self.budget.prepared_by)

    @property
    def can_edit(self) -> bool:
        return lifecycle.may(Move.SAVE, self.parties)

    @property
    def editable(self) -> bool:
        period = self.finance_period
        return self.can_edit and (period is None or lifecycle.editable(period.status))

    @property
    def version(self) -> int:
        return self.finance_period.version if self.finance_period else 0

    def stored(self) -> dict[int, LineForecast]:
        if self.finance_period is None:
            return {}
        return {row.line_id: row for row in self.finance_period.forecasts.all()}

    def before(self) -> dict[int, Decimal]:
        """Last period's forecasts, where this person may see them."""
        if self.number == 1:
            return {}
        previous = selectors.period_of(self.budget.organisation, self.year, self.number - 1)
        if previous is None or not selectors.period_seen(self.scope, previous):
            return {}
        return {row.line_id: row.forecast for row in previous.forecasts.all()}


def budget_for(scope: Scope, year: int) -> Budget:
    """The year's budget of a shared service this person prepares, signs off or
    administers; 404 if there is none they see, 403 if they see it and have no
    part in its forecast."""
    budgets = list(
        Budget.objects.filter(year=year)
        .select_related("organisation", "prepared_by__directorate")
        .order_by("organisation__code")
    )
    seen = [b for b in budgets if scope.sees_organisation(b.organisation_id)]
    for budget in seen:
        if FORECASTS.parties(scope, budget.organisation, budget.prepared_by):
            return budget
    if seen:
        raise PermissionDenied("You do not enter or sign off this budget's forecasts")
    raise Http404("No such budget")


def forecast_page(
    request: HttpRequest, year: int, period: int, service_id: int | None = None
) -> ForecastPage:
    """The period's forecast page for this person; 404 for a period outside
    1-12, a year with no budget, or a service they see no lines of."""
    if period not in PERIODS or year not in YEARS:
        raise Http404("No such period")
    scope = scope_of(request.user)
    budget = budget_for(scope, year)
    lines = selectors.open_lines(scope, budget)
    services_seen = list({line.service_id: line.service for line in lines}.values())
    service = None
    if service_id is not None:
        service = next((s for s in services_seen if s.pk == service_id), None)
        if service is None:
            raise Http404("No such service")
        lines = [line for line in lines if line.service_id == service_id]
    budgets = {b.line_id: b.budget for b in LineBudget.objects.filter(line__in=lines, year=year)}
    finance_period = selectors.period_of(budget.organisation, year, period)
    return ForecastPage(
        scope, budget, period, finance_period, services_seen, service, lines, budgets
    )


def chosen_service(request: HttpRequest) -> int | None:
    """The service filter (`?service=<id>`); anything unreadable is no filter."""
    text = request.GET.get("service", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def forms_for(page: ForecastPage, data: Any = None) -> list[ForecastLineForm]:
    stored = page.stored()
    forms = []
    for line in page.lines:
        row = stored.get(line.pk)
        initial = {"forecast": typed(row.forecast), "explanation": row.explanation} if row else {}
        forms.append(
            ForecastLineForm(
                data, prefix=f"line{line.pk}", line=line, stored=row is not None, initial=initial
            )
        )
    return forms


def form_errors(forms: list[ForecastLineForm]) -> list[tuple[str, str]]:
    """The error summary: each problem named by its line and field."""
    return [
        (form[name].auto_id, f"{form.line.code} {form[name].label.lower()}: {message}")
        for form in forms
        for name, problems in form.errors.items()
        if name in form.fields
        for message in problems
    ]


@require_http_methods(["GET", "HEAD", "POST"])
def forecast(request: HttpRequest, year: int, period: int) -> HttpResponse:
    page = forecast_page(request, year, period, chosen_service(request))
    if request.method != "POST":
        return _render(request, page, forms_for(page))
    if not page.can_edit:
        raise PermissionDenied("You do not enter this budget's forecasts")
    forms = forms_for(page, request.POST)
    if not all([form.is_valid() for form in forms]):
        return _render(request, page, forms)
    finance_period = page.finance_period or services.period_open(page.budget, period)
    page.finance_period = finance_period
    entries = [entry for form in forms if (entry := form.entry()) is not None]
    try:
        changed = services.forecasts_save(
            finance_period,
            entries,
            expected_version=submissions.opened_version(request.POST.get("version")),
            by=request.user,
        )
        if request.POST.get("action") == "submit":
            refused = _not_yet(page, finance_period)
            if refused:
                finance_period.refresh_from_db()
                return _render(request, page, forms, refused=refused)
            services.forecast_submit(
                finance_period, expected_version=finance_period.version, by=request.user
            )
            messages.success(request, FORECASTS.done[Move.SUBMIT])
        else:
            plural = "" if changed == 1 else "s"
            messages.success(request, f"Forecast saved ({changed} line{plural} changed).")
    except StaleSubmission:
        finance_period.refresh_from_db()
        return _render(request, page, forms, conflict=submissions.saved_meanwhile(finance_period))
    except (lifecycle.Refused, services.ForecastRefused) as refused:
        finance_period.refresh_from_db()
        return _render(request, page, forms, refused=str(refused))
    return redirect(request.get_full_path())


def _not_yet(page: ForecastPage, finance_period: FinancePeriod) -> str:
    """Why the forecast cannot be submitted yet, naming only the lines this person
    sees (another council's lines are counted, not named)."""
    problems = services.missing_for_submit(finance_period)
    if not problems:
        return ""
    seen = {line.pk for line in selectors.open_lines(page.scope, page.budget)}
    named = [str(missing) for missing in problems if missing.line.pk in seen]
    hidden = len(problems) - len(named)
    if hidden:
        plural = "line needs" if hidden == 1 else "lines need"
        named.append(f"{hidden} {plural} a forecast or an explanation from someone who covers it")
    return "Saved, but not submitted: " + "; ".join(named) + "."


@require_http_methods(["GET", "HEAD", "POST"])
def decide(request: HttpRequest, year: int, period: int) -> HttpResponse:
    """A decision on the period's forecast (the sign-off form posts here); opened
    in the address bar, or reloaded after the decision, it leads to the forecast."""
    page = forecast_page(request, year, period)
    if request.method != "POST":
        return redirect("finance:forecast", year, period)
    if not submissions.may_post(request, page.parties):
        raise PermissionDenied("You do not sign off this budget's forecasts")
    if page.finance_period is None:
        nothing = DecisionForm(request.POST)
        nothing.add_error(None, "There is nothing to sign off: this forecast has not been started.")
        return _render(request, page, forms_for(page), decision=nothing)
    decision = submissions.decide(request, page.finance_period, parties=page.parties)
    if decision is None:
        return redirect("finance:forecast", year, period)
    page.finance_period.refresh_from_db()
    return _render(request, page, forms_for(page), decision=decision)


@dataclass
class Row:
    """A line on the forecast page: its form, what is saved, last period's
    forecast, the variance of what the page shows, and what someone else saved
    meanwhile (a conflict)."""

    line: BudgetLine
    form: ForecastLineForm
    budget: Decimal
    stored: LineForecast | None
    last: Decimal | None
    variance: Decimal | None = None
    theirs: dict[str, str] = field(default_factory=dict)

    @property
    def over_or_under(self) -> bool:
        return bool(self.variance)


def _rows(page: ForecastPage, forms: list[ForecastLineForm], conflict: bool) -> list[Row]:
    stored, before = page.stored(), page.before()
    rows = []
    for line, form in zip(page.lines, forms, strict=True):
        saved = stored.get(line.pk)
        budget = page.budgets.get(line.pk, Decimal(0))
        row = Row(line, form, budget, saved, before.get(line.pk))
        shown = saved.forecast if saved else None
        if form.is_bound and form.is_valid() and form.cleaned_data["forecast"] is not None:
            shown = form.cleaned_data["forecast"]
        if shown is not None:
            row.variance = Position(budget, shown).variance
        if conflict and form.is_bound:
            theirs = {
                "forecast": typed(saved.forecast) if saved else "",
                "explanation": saved.explanation if saved else "",
            }
            mine = form.cleaned_data if form.is_valid() else {}
            if mine.get("forecast") != (saved.forecast if saved else None):
                row.theirs["forecast"] = theirs["forecast"]
            if (mine.get("explanation") or "") != theirs["explanation"]:
                row.theirs["explanation"] = theirs["explanation"]
        rows.append(row)
    return rows


@dataclass(frozen=True)
class MoveRow:
    """A move of the period's forecast: when, by whom, to which state, why."""

    when: Any
    who: str
    state: str
    reason: str


def moves_of(finance_period: FinancePeriod | None) -> list[MoveRow]:
    """Each change of the forecast's state, oldest first (saves are not moves)."""
    if finance_period is None:
        return []
    moves, status = [], lifecycle.State.DRAFT.value
    for record in finance_period.history.order_by("history_date", "history_id").select_related(
        "history_user"
    ):
        if record.status != status:
            user = record.history_user
            who = (user.get_full_name() or user.get_username()) if user else "Someone"
            label = lifecycle.State(record.status).label
            moves.append(MoveRow(record.history_date, who, label, record.reason))
        status = record.status
    return moves


def _render(
    request: HttpRequest,
    page: ForecastPage,
    forms: list[ForecastLineForm],
    *,
    decision: DecisionForm | None = None,
    conflict: dict[str, str] | None = None,
    refused: str = "",
) -> HttpResponse:
    errors = submissions.page_errors(
        form_errors(forms), noun="forecast", conflict=conflict, refused=refused, decision=decision
    )
    finance_period = page.finance_period
    year, number = page.year, page.number
    return render(
        request,
        "finance/forecast.html",
        {
            "page": page,
            "budget": page.budget,
            "finance_period": finance_period,
            "label": finance_period.label if finance_period else _label(page),
            "year": year,
            "number": number,
            "editable": page.editable,
            "can_edit": page.can_edit,
            "version": page.version,
            "rows": _rows(page, forms, conflict is not None),
            "errors": errors,
            "conflict": conflict,
            "moves": moves_of(finance_period),
            "sign_off": (
                submissions.sign_off(finance_period, parties=page.parties, decision=decision)
                if finance_period is not None
                else None
            ),
            "import_url": _with_service(reverse("finance:import", args=[year, number]), page),
        },
        status=400 if errors else 200,
    )


def _label(page: ForecastPage) -> str:
    """The period's words before it is started: "Period 5 2019/20 (August 2019)"."""
    unsaved = FinancePeriod(
        organisation=page.budget.organisation, year=page.year, period=page.number
    )
    return unsaved.label


def _with_service(url: str, page: ForecastPage) -> str:
    return f"{url}?service={page.service.pk}" if page.service else url

"""Data returns: the list of returns a person deals with, the return page
(enter figures and commentary, submit), and sign-off (approve, send back,
reopen). Views parse, check permission, call one service, render."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from goldenthread.domain import lifecycle
from goldenthread.domain.exception_report import Part
from goldenthread.domain.lifecycle import Action, Party
from goldenthread.domain.periods import FinancialYear, Quarter, quarter_choices
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope, scope_of, visible_organisations
from goldenthread.reporting.selectors import due_date
from goldenthread.returns import services
from goldenthread.returns.conflicts import Conflict, loaded_record, read_loaded, reconcile
from goldenthread.returns.figure_marks import every_mark, figure_marks, summary_errors
from goldenthread.returns.forms import ReturnForm, forecast_key
from goldenthread.returns.kind import RETURNS
from goldenthread.returns.models import Return
from goldenthread.returns.selectors import (
    Listed,
    applicable_indicators,
    figures_for,
    parts_in_words,
    quarter_from,
)
from goldenthread.returns.visibility import return_seen
from goldenthread.submissions import views as submissions
from goldenthread.submissions.forms import DecisionForm
from goldenthread.submissions.selectors import standings


@require_safe
def returns_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    quarter = quarter_from(request.GET.get("period"))
    rows = [
        Listed(row)
        for row in standings(RETURNS, visible_organisations(scope), quarter)
        if RETURNS.parties(scope, row.organisation, row.service_area)
    ]
    return render(
        request,
        "returns/list.html",
        {
            "quarter": quarter,
            "quarters": quarter_choices(quarter),
            "rows": rows,
            "due": due_date(quarter),
        },
    )


@dataclass
class ReturnPage:
    """Everything the return page is about, checked for this person."""

    scope: Scope
    organisation: Organisation
    service_area: ServiceArea
    quarter: Quarter
    indicators: list[Indicator]
    return_: Return | None

    @property
    def parties(self) -> set[Party]:
        """Who this person is for the return: its contributor, its signatory, both or neither."""
        return RETURNS.parties(self.scope, self.organisation, self.service_area)

    @property
    def can_edit(self) -> bool:
        return lifecycle.may(Action.SAVE, self.parties)

    @property
    def can_decide(self) -> bool:
        return Party.SIGNATORY in self.parties

    @property
    def version(self) -> int:
        return self.return_.version if self.return_ else 0

    @property
    def where(self) -> str:
        """Names the return (not the version), as a page's signed records do."""
        year, number = self.quarter.financial_year.start_year, self.quarter.number
        return f"{self.organisation.code}/{self.service_area.id}/{year}/{number}"

    def saved_form(self) -> ReturnForm:
        """The form showing what is stored now."""
        initial = ReturnForm.initial_for(
            self.indicators, self.quarter, self.organisation.id, self.version
        )
        return ReturnForm(initial=initial, indicators=self.indicators, quarter=self.quarter)


def return_page(
    request: HttpRequest,
    code: str,
    service_area_id: int,
    year: int,
    number: int,
    *,
    with_indicators: bool = True,
) -> ReturnPage:
    """The return's page, or 404 if it is not one this person may see. Without
    `with_indicators` its indicators are only checked to exist, not loaded."""
    scope = scope_of(request.user)
    organisation = get_object_or_404(Organisation, code=code)
    if not scope.sees_organisation(organisation.id):
        raise Http404("No such return")
    service_area = get_object_or_404(
        ServiceArea.objects.select_related("directorate"), pk=service_area_id
    )
    if not 1 <= number <= 4 or not 2000 <= year <= 2100:
        raise Http404("No such quarter")
    quarter = Quarter(FinancialYear(year), number)
    applicable = applicable_indicators(
        quarter, organisation=organisation, service_area_id=service_area.id
    )
    if not applicable.exists():
        raise Http404("No indicators for this council and service area")
    indicators = list(applicable.order_by("reference")) if with_indicators else []
    return_ = Return.objects.filter(
        organisation=organisation, service_area=service_area, year=year, quarter=number
    ).first()
    return ReturnPage(scope, organisation, service_area, quarter, indicators, return_)


@require_http_methods(["GET", "HEAD", "POST"])
def edit(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    page = return_page(request, code, service_area_id, year, number)
    if request.method != "POST":
        return _render(request, page, page.saved_form())
    if not page.can_edit:
        raise PermissionDenied("You do not enter data for this service area")
    loaded = read_loaded(
        request.POST.get("loaded", ""), version=request.POST.get("version"), where=page.where
    )
    form = ReturnForm(request.POST, indicators=page.indicators, quarter=page.quarter, loaded=loaded)
    if not form.is_valid():
        return _render(request, page, form)
    return_ = page.return_ or services.return_open(
        organisation=page.organisation,
        service_area=page.service_area,
        year=page.quarter.financial_year.start_year,
        quarter=page.quarter.number,
    )
    try:
        changed = services.return_save(  # only what this person changed
            return_=return_,
            expected_version=form.cleaned_data["version"],
            entries=form.changed_entries,
            commentary=form.changed_commentary,
            by=request.user,
            forecasts=form.changed_forecasts,
        )
        if request.POST.get("action") == "submit":
            services.return_submit(
                return_=return_, expected_version=return_.version, by=request.user
            )
            messages.success(request, RETURNS.done[Action.SUBMIT])
        else:
            plural = "s" if changed != 1 else ""
            messages.success(request, f"Return saved ({changed} change{plural}).")
    except services.StaleReturn:
        return_.refresh_from_db()
        page.return_ = return_
        return _after_conflict(request, page, form)
    except services.ReturnError as error:
        form.refused(error)
        return_.refresh_from_db()
        page.return_ = return_
        return _render(request, page, form)
    return redirect(request.path)


def _after_conflict(request: HttpRequest, page: ReturnPage, form: ReturnForm) -> HttpResponse:
    """Someone else saved first: the page keeps what this person changed, takes
    their figures for the rest and shows theirs beside (returns.conflicts)."""
    assert page.return_ is not None
    saved = page.saved_form().initial
    by = page.return_.updated_by
    conflict = reconcile(
        form,
        saved,
        where=page.where,
        by=(by.get_full_name() or by.get_username()) if by else "someone else",
        at=page.return_.updated_at,
    )
    merged = ReturnForm(
        conflict.data,
        indicators=page.indicators,
        quarter=page.quarter,
        loaded={name: str(value) for name, value in saved.items()},
    )
    merged.is_valid()  # shows the fields as they are, with any of their own errors
    return _render(request, page, merged, conflict=conflict)


@require_POST
def preview(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    """The quarter figure, status and direction of what the officer has typed,
    not yet saved, and the mark on each figure field that cannot be taken (htmx
    asks for it as they type; nothing is stored)."""
    page = return_page(request, code, service_area_id, year, number)
    if not page.can_edit:
        raise PermissionDenied("You do not enter data for this service area")
    form = ReturnForm(request.POST, indicators=page.indicators, quarter=page.quarter)
    form.is_valid()  # entries of the valid fields; the others are named below
    pending = [entry.as_measurement(page.organisation) for entry in form.entries]
    figures = figures_for(
        quarter=page.quarter,
        indicators=page.indicators,
        organisations=[page.organisation],
        with_months=False,
        pending=pending,
        pending_forecasts={entry.indicator.id: entry.value for entry in form.forecasts},
    )
    typed = {note.indicator.id: services.commentary_fields(note) for note in form.commentary}
    rows = []
    for f in figures:
        missing = f.exception_rules.missing(f.result.assessment.status, typed.get(f.indicator.id))
        rows.append(
            {
                "figures": f,
                "errors": form.errors_of(f.indicator),
                "needs_commentary": bool(missing),
                "asked": parts_in_words(missing),
                "first_missing": missing[0].value if missing else "",
            }
        )
    return render(
        request,
        "returns/_previews.html",
        {"rows": rows, "quarter": page.quarter, "marks": every_mark(form)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def decide(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    """A decision on the return (the sign-off form posts here). Opened in the
    address bar, or reloaded after the decision was taken, it leads to the return."""
    page = return_page(request, code, service_area_id, year, number)
    if request.method != "POST":
        return redirect("returns:edit", code, service_area_id, year, number)
    if not submissions.may_post(request, page.parties):
        raise PermissionDenied("You do not sign off this directorate")
    if page.return_ is None:
        nothing = DecisionForm(request.POST)
        nothing.add_error(None, "There is nothing to sign off: this return has not been started.")
        return _render(request, page, page.saved_form(), nothing)
    decision = submissions.decide(request, page.return_, parties=page.parties)
    if decision is None:
        return redirect("returns:edit", code, service_area_id, year, number)
    page.return_.refresh_from_db()
    return _render(request, page, page.saved_form(), decision)


def _forecast_field(
    form: ReturnForm, indicator: Indicator, marks: dict[str, str], theirs: Mapping[str, object]
) -> dict[str, object] | None:
    """The year-end forecast field of an indicator rated on its forecast, else None."""
    key = forecast_key(indicator)
    if key not in form.fields:
        return None
    return {"field": form[key], "mark": marks.get(key, ""), "theirs": theirs.get(key)}


def _render(
    request: HttpRequest,
    page: ReturnPage,
    form: ReturnForm,
    decision: DecisionForm | None = None,
    conflict: Conflict | None = None,
) -> HttpResponse:
    figures = {
        f.indicator.id: f
        for f in figures_for(
            quarter=page.quarter,
            indicators=page.indicators,
            organisations=[page.organisation],
            with_months=False,
        )
    }
    theirs = conflict.theirs if conflict else {}
    marks = figure_marks(form)
    rows = [
        {
            "indicator": i,
            "figures": figures.get(i.id),
            "slots": [
                {
                    "slot": s,
                    "label": f"{s.label} {s.breakdown}" if s.breakdown else s.label,
                    "field": form[s.key],
                    "mark": marks.get(s.key, ""),
                    "theirs": theirs.get(s.key),
                    "num": form[f"{s.key}-num"] if s.ratio else None,
                    "num_mark": marks.get(f"{s.key}-num", ""),
                    "num_theirs": theirs.get(f"{s.key}-num"),
                    "den": form[f"{s.key}-den"] if s.ratio else None,
                    "den_mark": marks.get(f"{s.key}-den", ""),
                    "den_theirs": theirs.get(f"{s.key}-den"),
                }
                for s in form.slots[i.id]
            ],
            "forecast": _forecast_field(form, i, marks, theirs),
            "fed": form.fed.get(i.id, ""),  # where its figures come from, not typed here
            "reasons": form[f"i{i.id}-reasons"],
            "reasons_theirs": theirs.get(f"i{i.id}-reasons"),
            "difference": form[f"i{i.id}-difference"],
            "difference_theirs": theirs.get(f"i{i.id}-difference"),
            "remedial_actions": form[f"i{i.id}-remedial_actions"],
            "remedial_actions_theirs": theirs.get(f"i{i.id}-remedial_actions"),
            "commentary": [  # as text, where the return cannot be changed
                (form[f"i{i.id}-{part}"], part.label, theirs.get(f"i{i.id}-{part}"))
                for part in Part
            ],
        }
        for i in page.indicators
    ]
    errors = summary_errors(form) if form.is_bound else []
    if conflict is not None:
        errors[:0] = conflict.summary(form)
    if decision is not None:
        errors += [
            ("id_reason" if name == "reason" else "", message)
            for name, messages_ in decision.errors.items()
            for message in messages_
        ]
    return_ = page.return_
    seen = return_seen(page.scope, page.organisation, page.service_area, return_)
    return render(
        request,
        "returns/edit.html",
        {
            "organisation": page.organisation,
            "service_area": page.service_area,
            "quarter": page.quarter,
            "return": return_,
            "form": form,
            "loaded": (
                str(form.data.get("loaded", ""))
                if form.is_bound
                else loaded_record(form.initial, where=page.where)
            ),
            "conflict": conflict,
            "rows": rows if seen.figures_shown else [],  # awaiting approval, for readers
            "seen": seen,
            "errors": errors,
            "editable": page.can_edit and (return_ is None or lifecycle.editable(return_.status)),
            "sign_off": (
                submissions.sign_off(return_, parties=page.parties, decision=decision)
                if return_ is not None
                else None
            ),
        },
        status=400 if errors else 200,
    )

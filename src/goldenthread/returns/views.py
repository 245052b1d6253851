"""Data returns: the list of returns a person deals with, the return page
(enter figures and commentary, submit), and sign-off (approve, send back,
reopen). Views parse, check permission, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.overview.selectors import progress, quarter_choices, quarter_from
from goldenthread.people.access import Scope, scope_of
from goldenthread.returns import services
from goldenthread.returns.forms import DecisionForm, ReturnForm
from goldenthread.returns.models import Return
from goldenthread.returns.selectors import applicable_indicators, figures_for


def returns_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    quarter = quarter_from(request.GET.get("period"))
    rows = [
        row
        for row in progress(scope, quarter)
        if scope.enters_data_for(row.organisation.id, row.service_area.id)
        or scope.signs_off(row.organisation.id, row.service_area.directorate_id)
    ]
    return render(
        request,
        "returns/list.html",
        {"quarter": quarter, "quarters": quarter_choices(quarter), "rows": rows},
    )


def _context(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> tuple[Scope, Organisation, ServiceArea, Quarter, list[Indicator]]:
    """The return's parts, or 404 if it is not one this person may see."""
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
    indicators = list(
        applicable_indicators(organisation=organisation, service_area_id=service_area.id).order_by(
            "reference"
        )
    )
    if not indicators:
        raise Http404("No indicators for this council and service area")
    return scope, organisation, service_area, quarter, indicators


def edit(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    scope, organisation, service_area, quarter, indicators = _context(
        request, code, service_area_id, year, number
    )
    can_edit = scope.enters_data_for(organisation.id, service_area.id)
    can_decide = scope.signs_off(organisation.id, service_area.directorate_id)
    return_ = Return.objects.filter(
        organisation=organisation, service_area=service_area, year=year, quarter=number
    ).first()
    version = return_.version if return_ else 0
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("You do not enter data for this service area")
        form = ReturnForm(request.POST, indicators=indicators, quarter=quarter)
        if form.is_valid():
            if return_ is None:
                return_ = services.return_open(
                    organisation=organisation, service_area=service_area, year=year, quarter=number
                )
            try:
                changed = services.return_save(
                    return_=return_,
                    expected_version=form.cleaned_data["version"],
                    entries=form.entries,
                    commentary=form.commentary,
                    by=request.user,
                )
                if request.POST.get("action") == "submit":
                    quarter_figures = figures_for(
                        quarter=quarter,
                        indicators=indicators,
                        organisations=[organisation],
                        with_months=False,
                    )
                    services.return_submit(
                        return_=return_,
                        expected_version=return_.version,
                        missing_commentary=[
                            f"{f.indicator.reference} {f.indicator.title}"
                            for f in quarter_figures
                            if f.needs_commentary
                        ],
                        by=request.user,
                    )
                    messages.success(request, "Return submitted for sign-off.")
                else:
                    messages.success(
                        request, f"Return saved ({changed} change{'s' if changed != 1 else ''})."
                    )
                return redirect(request.path)
            except services.ReturnError as error:
                form.add_error(None, str(error))
                return_.refresh_from_db()
                if isinstance(
                    error, services.StaleReturn
                ):  # keep their entries; save on the latest
                    form.data = form.data.copy()
                    form.data["version"] = str(return_.version)
    else:
        form = ReturnForm(
            initial=ReturnForm.initial_for(indicators, quarter, organisation.id, version),
            indicators=indicators,
            quarter=quarter,
        )
    figures = {
        f.indicator.id: f
        for f in figures_for(
            quarter=quarter, indicators=indicators, organisations=[organisation], with_months=False
        )
    }
    rows = [
        {
            "indicator": i,
            "figures": figures.get(i.id),
            "slots": [
                {
                    "slot": s,
                    "field": form[s.key],
                    "num": form[f"{s.key}-num"] if s.ratio else None,
                    "den": form[f"{s.key}-den"] if s.ratio else None,
                }
                for s in form.slots[i.id]
            ],
            "reasons": form[f"i{i.id}-reasons"],
            "difference": form[f"i{i.id}-difference"],
            "remedial_actions": form[f"i{i.id}-remedial_actions"],
        }
        for i in indicators
    ]
    editable = can_edit and (return_ is None or return_.status in services.EDITABLE)
    return render(
        request,
        "returns/edit.html",
        {
            "organisation": organisation,
            "service_area": service_area,
            "quarter": quarter,
            "return": return_,
            "form": form,
            "rows": rows,
            "errors": form.errors_for_summary() if form.is_bound else [],
            "editable": editable,
            "can_decide": can_decide and return_ is not None,
            "decision_form": DecisionForm(initial={"version": version}),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def decide(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    scope, organisation, service_area, _, _ = _context(request, code, service_area_id, year, number)
    if request.method != "POST":
        raise Http404("Decisions are posted from the return page")
    if not scope.signs_off(organisation.id, service_area.directorate_id):
        raise PermissionDenied("You do not sign off this directorate")
    return_ = get_object_or_404(
        Return, organisation=organisation, service_area=service_area, year=year, quarter=number
    )
    form = DecisionForm(request.POST)
    page = reverse("returns:edit", args=[code, service_area_id, year, number])
    if not form.is_valid():
        messages.error(request, "The decision could not be read: reload the page and try again.")
        return redirect(page)
    action = request.POST.get("action")
    version, reason = form.cleaned_data["version"], form.cleaned_data["reason"]
    try:
        if action == "approve":
            services.return_approve(return_=return_, expected_version=version, by=request.user)
            messages.success(request, "Return approved: its figures are locked.")
        elif action == "send-back":
            services.return_send_back(
                return_=return_, expected_version=version, reason=reason, by=request.user
            )
            messages.success(request, "Return sent back to the service.")
        elif action == "reopen":
            services.return_reopen(
                return_=return_, expected_version=version, reason=reason, by=request.user
            )
            messages.success(request, "Return reopened: the service can correct it.")
        else:
            raise Http404("Unknown decision")
    except services.ReturnError as error:
        messages.error(request, str(error))
    return redirect(page)

"""The risk register's pages: the register (filters, heat map, highest risks,
risks above appetite, movement since last quarter, the register table in its
two groups), a risk's page (its scores, controls, further actions, score
history and changes), the team's form for a risk, and the changes to a risk's
controls and further actions (the team, and the service area's officers for
their own risks). The quarterly review is `review_views`, the matrix and
appetite `settings_views`. Views parse, check permission, call a service,
render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from goldenthread.domain.periods import quarter_choices
from goldenthread.organisations.models import ServiceArea
from goldenthread.pages.forms import error_summary, form_page
from goldenthread.people.access import Scope, scope_of, visible_organisations
from goldenthread.plan.models import Action
from goldenthread.plan.selectors import visible_actions
from goldenthread.risks import register_services as services
from goldenthread.risks.changes import risk_changes
from goldenthread.risks.forms import ControlForm, RiskActionForm, RiskForm
from goldenthread.risks.kind import RISK_REVIEWS
from goldenthread.risks.models import Control, Risk, RiskAction
from goldenthread.risks.register_selectors import (
    HIGHEST,
    Filters,
    grouped,
    movements,
    register_quarter,
)
from goldenthread.risks.score_history import chart_svg, score_history
from goldenthread.risks.selectors import (
    heat_map,
    partners_label,
    risk_matrix,
    standings,
    visible_risks,
)


def _team_only(scope: Scope) -> None:
    if not scope.is_performance_team:
        raise PermissionDenied("Only the performance team changes the risk register")


def may_change_controls(scope: Scope, risk: Risk) -> bool:
    """The team, and the officers of the risk's service area on its register."""
    return scope.enters_data_for(risk.organisation_id, risk.service_area_id)


@require_safe
def register(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    matrix = risk_matrix()
    quarter = register_quarter(request.GET.get("period"))
    visible = visible_risks(scope)
    councils = visible_organisations(scope)
    service_areas = list(ServiceArea.objects.filter(risks__in=visible).distinct().order_by("name"))
    filters = Filters.read(
        request.GET, matrix=matrix, service_areas=service_areas, councils=councils
    )
    risks = list(filters.risks(visible))
    moved = [
        m for m in movements(risks, matrix=matrix, quarter=quarter) if filters.keeps(m.standing)
    ]
    rows = [m.standing for m in moved]
    cells = heat_map(rows, matrix)
    for row in rows:
        row.risk.partners_shown = partners_label(row.risk)  # type: ignore[attr-defined]
    return render(
        request,
        "risks/register.html",
        {
            "matrix": matrix,
            "quarter": quarter,
            "quarters": quarter_choices(quarter),
            "filters": filters,
            "categories": Risk._meta.get_field("category").choices,
            "statuses": Risk.Status.choices,
            "service_areas": service_areas,
            "councils": councils,
            "rows": rows,
            "heat_map": cells,
            "heat_cells": [c for line in cells for c in line if c.count],
            "highest": rows[:HIGHEST],
            "above_appetite": [r for r in rows if r.above_appetite],
            "movements": moved,
            "groups": grouped(rows),
            "reviews": _reviews_of(scope, quarter),
            "is_team": scope.is_performance_team,
        },
    )


def _reviews_of(scope: Scope, quarter: Any) -> list[dict[str, Any]]:
    """The quarter's reviews this person updates or signs off, with their pages."""
    return [
        {"owed": owed, "url": RISK_REVIEWS.url(owed.organisation, owed.service_area, quarter)}
        for owed in RISK_REVIEWS.owed(visible_organisations(scope), quarter)
        if RISK_REVIEWS.parties(scope, owed.organisation, owed.service_area)
    ]


def _visible_risk(request: HttpRequest, reference: str) -> Risk:
    """The risk, or 404 if there is none this person may see."""
    return get_object_or_404(visible_risks(scope_of(request.user)), reference=reference[:20])


def plan_action_url(action: Action | None) -> str:
    """The plan action's page, if the plan's pages are there."""
    if action is None:
        return ""
    try:
        return reverse("plan:action", args=[action.reference])
    except NoReverseMatch:
        return ""


@require_safe
def risk_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _risk_page(request, _visible_risk(request, reference))


def _risk_page(
    request: HttpRequest,
    risk: Risk,
    *,
    control_form: ControlForm | None = None,
    action_form: RiskActionForm | None = None,
    editing: str = "",
) -> HttpResponse:
    """The risk's page; a form posted with errors is shown where it was (`editing`:
    'control-3', 'action-5', or 'control-new', 'action-new')."""
    scope = scope_of(request.user)
    matrix = risk_matrix()
    (standing,) = standings([risk], matrix=matrix)
    changing = may_change_controls(scope, risk)
    editing = editing or (request.GET.get("change", "")[:30] if changing else "")
    points = score_history(risk, matrix)
    visible_plan = visible_actions(scope)
    controls = [
        {"control": c, "form": _control_form(c, editing, control_form)} for c in risk.controls.all()
    ]
    further = [
        {
            "action": a,
            "plan_url": plan_action_url(a.plan_action) if a.plan_action_id else "",
            "plan_seen": a.plan_action_id is not None
            and visible_plan.filter(pk=a.plan_action_id).exists(),
            "form": _action_form(a, editing, action_form, scope),
        }
        for a in risk.actions.select_related("plan_action")
    ]
    bound = [f for f in (control_form, action_form) if f is not None]
    errors = [pair for f in bound for pair in error_summary(f)]
    return render(
        request,
        "risks/risk.html",
        {
            "risk": risk,
            "matrix": matrix,
            "standing": standing,
            "partners": partners_label(risk),
            "inherent": _scored(matrix, risk.inherent),
            "current": _scored(matrix, standing.current),
            "target": _scored(matrix, risk.target),
            "controls": controls,
            "further": further,
            "new_control": (
                control_form if editing == "control-new" else ControlForm(prefix="new-control")
            ),
            "new_action": (
                action_form
                if editing == "action-new"
                else _limited(RiskActionForm(prefix="new-action"), scope)
            ),
            "adding": editing.endswith("-new"),
            "points": points,
            "chart": chart_svg(risk, points, matrix),
            "changes": risk_changes(risk),
            "is_team": scope.is_performance_team,
            "changing": changing,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _scored(matrix: Any, score: Any) -> dict[str, Any]:
    if matrix.refusal(score):
        return {"words": f"{score} (off the matrix)", "level": None}
    return {"words": matrix.describe(score), "level": matrix.level(score)}


def _control_form(control: Control, editing: str, posted: ControlForm | None) -> Any:
    if editing != f"control-{control.pk}":
        return None
    return posted or ControlForm(instance=control, prefix=f"control-{control.pk}")


def _action_form(
    action: RiskAction, editing: str, posted: RiskActionForm | None, scope: Scope
) -> Any:
    if editing != f"action-{action.pk}":
        return None
    return posted or _limited(RiskActionForm(instance=action, prefix=f"action-{action.pk}"), scope)


def _limited(form: RiskActionForm, scope: Scope) -> RiskActionForm:
    """The plan actions offered: those the person may see."""
    field = form.fields["plan_action"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = visible_actions(scope).order_by("reference")
    return form


@require_http_methods(["GET", "HEAD", "POST"])
def risk_edit(request: HttpRequest, reference: str | None = None) -> HttpResponse:
    """The performance team adds a risk to the register, or changes one."""
    scope = scope_of(request.user)
    _team_only(scope)
    risk = get_object_or_404(Risk, reference=reference[:20]) if reference else None
    form = RiskForm(request.POST or None, instance=risk, matrix=risk_matrix())
    if request.method == "POST" and form.is_valid():
        saved = services.risk_save(
            form.save(commit=False), list(form.cleaned_data.get("partners") or []), by=request.user
        )
        messages.success(request, f"{saved.reference} {saved.title} saved.")
        return redirect("risks:risk", saved.reference)
    if risk is None:
        return form_page(request, form, heading="Add a risk", cancel_url=reverse("risks:register"))
    return form_page(
        request,
        form,
        heading=f"Change {risk.title}",
        caption=f"{risk.reference} · {risk.service_area}",
        cancel_url=reverse("risks:risk", args=[risk.reference]),
    )


def _changeable(request: HttpRequest, reference: str) -> Risk:
    risk = _visible_risk(request, reference)
    if not may_change_controls(scope_of(request.user), risk):
        raise PermissionDenied("Only the performance team and the risk's service change this")
    return risk


@require_POST
def control_add(request: HttpRequest, reference: str) -> HttpResponse:
    risk = _changeable(request, reference)
    form = ControlForm(request.POST, prefix="new-control")
    if not form.is_valid():
        return _risk_page(request, risk, control_form=form, editing="control-new")
    control = form.save(commit=False)
    control.risk = risk
    services.control_save(control, by=request.user)
    messages.success(request, "Control added.")
    return redirect(reverse("risks:risk", args=[risk.reference]) + "#controls")


@require_POST
def control_change(request: HttpRequest, reference: str, control_id: int) -> HttpResponse:
    risk = _changeable(request, reference)
    control = get_object_or_404(Control, pk=control_id, risk=risk)
    if request.POST.get("action") == "delete":
        services.control_delete(control, by=request.user)
        messages.success(request, "Control removed.")
        return redirect(reverse("risks:risk", args=[risk.reference]) + "#controls")
    form = ControlForm(request.POST, instance=control, prefix=f"control-{control.pk}")
    if not form.is_valid():
        return _risk_page(request, risk, control_form=form, editing=f"control-{control.pk}")
    services.control_save(form.save(commit=False), by=request.user)
    messages.success(request, "Control saved.")
    return redirect(reverse("risks:risk", args=[risk.reference]) + "#controls")


@require_POST
def action_add(request: HttpRequest, reference: str) -> HttpResponse:
    risk = _changeable(request, reference)
    form = _limited(RiskActionForm(request.POST, prefix="new-action"), scope_of(request.user))
    if not form.is_valid():
        return _risk_page(request, risk, action_form=form, editing="action-new")
    action = form.save(commit=False)
    action.risk = risk
    services.risk_action_save(action, by=request.user)
    messages.success(request, "Further action added.")
    return redirect(reverse("risks:risk", args=[risk.reference]) + "#actions")


@require_POST
def action_change(request: HttpRequest, reference: str, action_id: int) -> HttpResponse:
    risk = _changeable(request, reference)
    action = get_object_or_404(RiskAction, pk=action_id, risk=risk)
    if request.POST.get("action") == "delete":
        services.risk_action_delete(action, by=request.user)
        messages.success(request, "Further action removed.")
        return redirect(reverse("risks:risk", args=[risk.reference]) + "#actions")
    form = _limited(
        RiskActionForm(request.POST, instance=action, prefix=f"action-{action.pk}"),
        scope_of(request.user),
    )
    if not form.is_valid():
        return _risk_page(request, risk, action_form=form, editing=f"action-{action.pk}")
    services.risk_action_save(form.save(commit=False), by=request.user)
    messages.success(request, "Further action saved.")
    return redirect(reverse("risks:risk", args=[risk.reference]) + "#actions")

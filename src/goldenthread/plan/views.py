"""The Improvement Plan's pages: the plan (summary and actions for a quarter),
an action's page, a priority's page, and the performance team's changes (an
action added or changed, the judgement scales). The quarterly update and its
sign-off are `plan.update_views`. Views parse, check permission, call one
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from goldenthread.domain.lifecycle import Party
from goldenthread.domain.periods import quarter_choices
from goldenthread.indicators.models import Indicator
from goldenthread.pages.forms import error_summary, form_page
from goldenthread.people.access import Scope, scope_of
from goldenthread.plan import selectors
from goldenthread.plan import services as plan_services
from goldenthread.plan.forms import ActionForm, MilestoneForm
from goldenthread.plan.history import action_changes
from goldenthread.plan.kind import PLAN_UPDATES
from goldenthread.plan.models import Action, Milestone, PlanService, Priority
from goldenthread.plan.register import NOT_JUDGED, filters_from, plan_page, quarter_from
from goldenthread.plan.scales import SCALES, ScalesForm, ScalesRefused, current_scales, scales_save
from goldenthread.plan.visibility import (
    action_quarters_seen,
    risks_served,
    seen_history,
    sees_drafts,
)


def _team_only(request: HttpRequest) -> Scope:
    scope = scope_of(request.user)
    if not scope.is_performance_team:
        raise PermissionDenied("Only the performance team changes the plan")
    return scope


@require_safe
def register(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    quarter = quarter_from(request.GET.get("period"))
    visible = selectors.visible_actions(scope)
    services = selectors.services_with_actions(scope)
    filters = filters_from(scope, request.GET, services)
    page = plan_page(scope, visible, quarter, filters)
    return render(
        request,
        "plan/register.html",
        {
            "quarter": quarter,
            "quarters": quarter_choices(quarter),
            "filters": filters,
            "services": services,
            "priorities": Priority.objects.all(),
            "scale": selectors.progress_scale(),
            "not_judged": NOT_JUDGED,
            "page": page,
            "update_services": [s for s in services if sees_drafts(scope, s)],
        },
    )


def _visible_action(scope: Scope, reference: str) -> Action:
    """The action, or 404 if there is none this person may see."""
    try:
        return selectors.visible_actions(scope).get(reference=reference)
    except Action.DoesNotExist:
        raise Http404("No such action") from None


@require_safe
def action_detail(request: HttpRequest, reference: str) -> HttpResponse:
    scope = scope_of(request.user)
    return _action_page(request, _visible_action(scope, reference))


def _action_page(
    request: HttpRequest,
    action: Action,
    *,
    milestone_form: MilestoneForm | None = None,
    editing: str = "",
) -> HttpResponse:
    """The action's page; a milestone form posted with errors is shown where it
    was (`editing`: 'milestone-3' or 'milestone-new')."""
    scope = scope_of(request.user)
    quarter = quarter_from(request.GET.get("period"))
    this_quarter = action_quarters_seen(scope, [action], quarter)[0]
    changing = may_change_milestones(scope, action)
    editing = editing or (request.GET.get("change", "")[:30] if changing else "")
    milestones = [
        {
            "milestone": m,
            "form": (
                milestone_form
                if milestone_form is not None and editing == f"milestone-{m.pk}"
                else MilestoneForm(instance=m, prefix=f"milestone-{m.pk}")
                if editing == f"milestone-{m.pk}"
                else None
            ),
        }
        for m in action.milestones.all()
    ]
    new = milestone_form if editing == "milestone-new" and milestone_form else None
    errors = error_summary(milestone_form) if milestone_form is not None else []
    return render(
        request,
        "plan/action.html",
        {
            "action": action,
            "partners": selectors.partners_label(action),
            "target": action.target_date,
            "quarter": quarter,
            "now": this_quarter,
            "milestones": milestones,
            "changing": changing,
            "new_milestone": new or MilestoneForm(prefix="new-milestone"),
            "adding": new is not None,
            "errors": errors,
            "indicators": action.indicators.order_by("reference"),
            "risks": risks_served(scope, [action]),
            "history": seen_history(scope, action, selectors.history_of(action)),
            "changes": action_changes(action),
            "sees_drafts": sees_drafts(scope, action.service),
        },
        status=400 if errors else 200,
    )


def may_change_milestones(scope: Scope, action: Action) -> bool:
    """The performance team and the service's action owners (its officers)."""
    parties = PLAN_UPDATES.parties(scope, action.service.organisation, action.service.service_area)
    return Party.CONTRIBUTOR in parties


def _milestones_of(request: HttpRequest, reference: str) -> Action:
    action = _visible_action(scope_of(request.user), reference)
    if not may_change_milestones(scope_of(request.user), action):
        raise PermissionDenied("Only the performance team and the action's service change this")
    return action


@require_POST
def milestone_add(request: HttpRequest, reference: str) -> HttpResponse:
    action = _milestones_of(request, reference)
    form = MilestoneForm(request.POST, prefix="new-milestone")
    if not form.is_valid():
        return _action_page(request, action, milestone_form=form, editing="milestone-new")
    milestone = form.save(commit=False)
    milestone.action = action
    plan_services.milestone_save(milestone, by=request.user)
    messages.success(request, "Milestone added.")
    return redirect(reverse("plan:action", args=[action.reference]) + "#milestones")


@require_POST
def milestone_change(request: HttpRequest, reference: str, milestone_id: int) -> HttpResponse:
    action = _milestones_of(request, reference)
    milestone = get_object_or_404(Milestone, pk=milestone_id, action=action)
    if request.POST.get("action") == "delete":
        plan_services.milestone_delete(milestone, by=request.user)
        messages.success(request, "Milestone removed.")
        return redirect(reverse("plan:action", args=[action.reference]) + "#milestones")
    form = MilestoneForm(request.POST, instance=milestone, prefix=f"milestone-{milestone.pk}")
    if not form.is_valid():
        return _action_page(
            request, action, milestone_form=form, editing=f"milestone-{milestone.pk}"
        )
    plan_services.milestone_save(form.save(commit=False), by=request.user)
    messages.success(request, "Milestone saved.")
    return redirect(reverse("plan:action", args=[action.reference]) + "#milestones")


@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request: HttpRequest, reference: str | None = None) -> HttpResponse:
    """The performance team adds an action or changes one."""
    _team_only(request)
    action = get_object_or_404(Action, reference=reference) if reference else None
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved._history_user = request.user  # type: ignore[attr-defined]
        saved.save()
        form.save_m2m()
        messages.success(request, f"{saved.reference} saved.")
        return redirect("plan:action", saved.reference)
    if action is None:
        return form_page(
            request, form, heading="Add an action", cancel_url=reverse("plan:register")
        )
    return form_page(
        request,
        form,
        heading=f"Change {action.reference}",
        caption=f"{action.service.name} · Improvement Plan",
        cancel_url=reverse("plan:action", args=[action.reference]),
    )


@require_safe
def priority(request: HttpRequest, number: int) -> HttpResponse:
    scope = scope_of(request.user)
    chosen = get_object_or_404(Priority, number=number)
    quarter = quarter_from(request.GET.get("period"))
    actions = list(selectors.visible_actions(scope).filter(priority=chosen))
    rows = action_quarters_seen(scope, actions, quarter)
    services: dict[int, PlanService] = {}
    for action in actions:
        services.setdefault(action.service_id, action.service)
    return render(
        request,
        "plan/priority.html",
        {
            "priority": chosen,
            "quarter": quarter,
            "quarters": quarter_choices(quarter),
            "services": list(services.values()),
            "rows": rows,
            "indicators": Indicator.objects.filter(plan_actions__in=actions)
            .distinct()
            .order_by("reference"),
            "risks": risks_served(scope, actions),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_settings(request: HttpRequest) -> HttpResponse:
    """The performance team sets the judgement scales."""
    _team_only(request)
    stored = selectors.plan_settings()
    current = current_scales()
    form = ScalesForm(
        request.POST or None, current=current, initial={"confidence_on": stored.confidence_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            scales_save(
                progress=form.scales["progress"],
                confidence=form.scales["confidence"],
                confidence_on=form.cleaned_data["confidence_on"],
                by=request.user,
            )
        except ScalesRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Plan settings saved.")
            return redirect("plan:settings")
    errors = error_summary(form)
    return render(
        request,
        "plan/settings.html",
        {"form": form, "errors": errors, "scales": SCALES},
        status=400 if errors else 200,
    )

"""A plan service's quarterly update: its action owners (the service area's
officers, and the team) enter each open action's status, progress and next
steps and the lead's summary lines, save and submit; its directorate's director
signs it off (`submissions.views.decide`). Anyone who sees the plan's council
reads it; a person who does not is told it does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from goldenthread.domain import lifecycle
from goldenthread.domain.judgements import Judgement
from goldenthread.domain.lifecycle import Action as Move
from goldenthread.domain.lifecycle import Party
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.people.access import Scope, scope_of
from goldenthread.plan import services
from goldenthread.plan.forms import ActionUpdateForm, ExplanationsForm
from goldenthread.plan.kind import PLAN_UPDATES
from goldenthread.plan.models import Action, ActionUpdate, PlanService, PlanUpdate
from goldenthread.plan.selectors import confidence_scale, progress_scale, update_of
from goldenthread.plan.visibility import AWAITING, draft_label, update_seen
from goldenthread.submissions import views as submissions
from goldenthread.submissions.forms import DecisionForm
from goldenthread.submissions.services import StaleSubmission

ROW_FIELDS = ("status", "confidence", "percent_complete", "progress", "next_steps")


@dataclass
class UpdatePage:
    """Everything the update page is about, checked for this person."""

    scope: Scope
    service: PlanService
    quarter: Quarter
    update: PlanUpdate | None
    actions: list[Action]

    @property
    def parties(self) -> set[Party]:
        return PLAN_UPDATES.parties(
            self.scope, self.service.organisation, self.service.service_area
        )

    @property
    def can_edit(self) -> bool:
        return lifecycle.may(Move.SAVE, self.parties)

    @property
    def editable(self) -> bool:
        return self.can_edit and (self.update is None or lifecycle.editable(self.update.status))

    @property
    def version(self) -> int:
        return self.update.version if self.update else 0

    def stored(self) -> dict[int, ActionUpdate]:
        if self.update is None:
            return {}
        return {row.action_id: row for row in self.update.actions.all()}


def update_page(request: HttpRequest, service_area_id: int, year: int, number: int) -> UpdatePage:
    """The update's page, or 404 if it is not one this person may see."""
    scope = scope_of(request.user)
    service = (
        PlanService.objects.select_related("organisation", "service_area__directorate")
        .filter(service_area_id=service_area_id)
        .first()
    )
    if service is None or not scope.sees_organisation(service.organisation_id):
        raise Http404("No such plan service")
    if not 1 <= number <= 4 or not 2000 <= year <= 2100:
        raise Http404("No such quarter")
    quarter = Quarter(FinancialYear(year), number)
    actions = list(service.actions.filter(closed=False).order_by("reference"))
    return UpdatePage(scope, service, quarter, update_of(service, quarter), actions)


@dataclass
class Forms:
    actions: list[ActionUpdateForm]
    explanations: ExplanationsForm

    def is_valid(self) -> bool:
        return all([f.is_valid() for f in self.actions] + [self.explanations.is_valid()])

    def errors(self) -> list[tuple[str, str]]:
        """The error summary: each action's problems named by its reference and field."""
        pairs = []
        every: list[Form] = [*self.actions, self.explanations]
        for form in every:
            where = f"{form.prefix}: " if form.prefix else ""
            for name, problems in form.errors.items():
                anchor = form[name].auto_id if name in form.fields else ""
                label = form[name].label if name in form.fields else ""
                pairs += [
                    (anchor, f"{where}{label}: {m}" if label else where + m) for m in problems
                ]
        return pairs


def forms_for(page: UpdatePage, data: Any = None) -> Forms:
    scale, second = progress_scale(), confidence_scale()
    stored = page.stored()
    action_forms = []
    for action in page.actions:
        row = stored.get(action.pk)
        initial = {name: getattr(row, name) for name in ROW_FIELDS} if row else {}
        action_forms.append(
            ActionUpdateForm(
                data, prefix=action.reference, action=action, scale=scale, second=second,
                initial=initial,
            )
        )  # fmt: skip
    explained = page.update.explanations if page.update else {}
    explanations = ExplanationsForm(
        data, scale=scale, initial={f"explain-{code}": text for code, text in explained.items()}
    )
    return Forms(action_forms, explanations)


@require_http_methods(["GET", "HEAD", "POST"])
def update(request: HttpRequest, service_area_id: int, year: int, quarter: int) -> HttpResponse:
    page = update_page(request, service_area_id, year, quarter)
    if request.method != "POST":
        return _render(request, page, forms_for(page))
    if not page.can_edit:
        raise PermissionDenied("You do not update this service's actions")
    forms = forms_for(page, request.POST)
    if not forms.is_valid():
        return _render(request, page, forms)
    plan_update = page.update or services.update_open(page.service, page.quarter)
    page.update = plan_update
    try:
        changed = services.update_save(
            plan_update,
            [form.entry() for form in forms.actions],
            expected_version=submissions.opened_version(request.POST.get("version")),
            by=request.user,
            explanations=forms.explanations.explanations(),
        )
        if request.POST.get("action") == "submit":
            services.update_submit(
                plan_update, expected_version=plan_update.version, by=request.user
            )
            messages.success(request, PLAN_UPDATES.done[Move.SUBMIT])
        else:
            plural = "s" if changed != 1 else ""
            messages.success(request, f"Plan update saved ({changed} action{plural} changed).")
    except StaleSubmission:
        plan_update.refresh_from_db()
        return _render(request, page, forms, conflict=submissions.saved_meanwhile(plan_update))
    except lifecycle.Refused as refused:
        plan_update.refresh_from_db()
        return _render(request, page, forms, refused=str(refused))
    return redirect(request.path)


@require_http_methods(["GET", "HEAD", "POST"])
def decide(request: HttpRequest, service_area_id: int, year: int, quarter: int) -> HttpResponse:
    """A decision on the update (the sign-off form posts here); opened in the
    address bar, or reloaded after the decision, it leads to the update."""
    page = update_page(request, service_area_id, year, quarter)
    if request.method != "POST":
        return redirect("plan:update", service_area_id, year, quarter)
    if not submissions.may_post(request, page.parties):
        raise PermissionDenied("You do not sign off this service's plan update")
    if page.update is None:
        nothing = DecisionForm(request.POST)
        nothing.add_error(None, "There is nothing to sign off: this update has not been started.")
        return _render(request, page, forms_for(page), decision=nothing)
    decision = submissions.decide(request, page.update, parties=page.parties)
    if decision is None:
        return redirect("plan:update", service_area_id, year, quarter)
    page.update.refresh_from_db()
    return _render(request, page, forms_for(page), decision=decision)


@dataclass
class Row:
    """An action on the update page: its form, what is stored, last quarter's
    update for reference, and what someone else saved meanwhile (a conflict)."""

    action: Action
    form: ActionUpdateForm
    stored: ActionUpdate | None
    before: ActionUpdate | None
    before_judgement: Judgement | None = None
    theirs: dict[str, str] = field(default_factory=dict)


def _rows(page: UpdatePage, forms: Forms, conflict: bool) -> list[Row]:
    before_quarter = page.quarter.previous()
    before_update = update_of(page.service, before_quarter)
    before = {}
    if update_seen(page.scope, page.service, before_update):
        assert before_update is not None
        before = {row.action_id: row for row in before_update.actions.all()}
    stored, scale = page.stored(), progress_scale()
    rows = []
    for action, form in zip(page.actions, forms.actions, strict=True):
        last = before.get(action.pk)
        judged = scale.find(last.status) if last and last.status else None
        row = Row(action, form, stored.get(action.pk), last, judged)
        if conflict and form.is_bound:
            for name in ROW_FIELDS:
                if name not in form.fields:
                    continue
                mine = form.cleaned_data.get(name) if form.is_valid() else form.data.get(name)
                saved = getattr(row.stored, name) if row.stored else None
                if (mine or None) != (saved or None):
                    row.theirs[name] = "" if saved is None else str(saved)
        rows.append(row)
    return rows


def _render(
    request: HttpRequest,
    page: UpdatePage,
    forms: Forms,
    *,
    decision: DecisionForm | None = None,
    conflict: dict[str, str] | None = None,
    refused: str = "",
) -> HttpResponse:
    errors = submissions.page_errors(
        forms.errors() if forms.explanations.is_bound else [],
        noun=PLAN_UPDATES.noun,
        conflict=conflict,
        refused=refused,
        decision=decision,
    )
    plan_update = page.update
    shown = update_seen(page.scope, page.service, plan_update)
    return render(
        request,
        "plan/update.html",
        {
            "service": page.service,
            "quarter": page.quarter,
            "update": plan_update,
            "state": draft_label(plan_update) if plan_update else "Not started",
            "shown": shown or plan_update is None,
            "awaiting": AWAITING,
            "editable": page.editable,
            "version": page.version,
            "rows": _rows(page, forms, conflict is not None),
            "explanations": forms.explanations,
            "scale": progress_scale(),
            "errors": errors,
            "conflict": conflict,
            "sign_off": (
                submissions.sign_off(plan_update, parties=page.parties, decision=decision)
                if plan_update is not None
                else None
            ),
        },
        status=400 if errors else 200,
    )

"""The performance team's page of reporting rules (`/settings/reporting/`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from goldenthread.pages.forms import error_summary
from goldenthread.people.access import scope_of
from goldenthread.reporting import selectors, services
from goldenthread.reporting.forms import QuarterDeadlineForm, ReportingRulesForm


@require_http_methods(["GET", "HEAD", "POST"])
def reporting_settings(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team sets the reporting rules")
    stored = selectors.reporting_rules()
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted is not None else None
    rules = ReportingRulesForm(posted if which == "rules" else None, instance=stored)
    deadline = QuarterDeadlineForm(posted if which == "deadline" else None)
    if which == "rules" and rules.is_valid():
        changed = services.reporting_rules_set(
            values={name: rules.cleaned_data[name] for name in rules.Meta.fields}, by=request.user
        )
        messages.success(request, "Reporting rules saved." if changed else "Nothing changed.")
        return redirect("reporting:settings")
    if which == "deadline" and deadline.is_valid():
        quarter, due_on = deadline.cleaned_data["period"], deadline.cleaned_data["due_on"]
        changed = services.quarter_deadline_set(quarter=quarter, due_on=due_on, by=request.user)
        done = f"{quarter.label}: due {due_on:%-d %B %Y}." if due_on else f"{quarter.label}: "
        done += "" if due_on else "its own due date removed."
        messages.success(request, done if changed else "Nothing changed.")
        return redirect("reporting:settings")
    errors = error_summary(rules) + error_summary(deadline)
    context = {
        "rules": rules,
        "deadline": deadline,
        "deadlines": selectors.quarter_deadlines(),
        "errors": errors,
        "due_days": stored.due_days,
    }
    return render(request, "reporting/settings.html", context, status=400 if errors else 200)

"""The audit log, for the performance team only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from goldenthread.audit import selectors
from goldenthread.audit.forms import EventFilterForm
from goldenthread.pages.forms import error_summary
from goldenthread.people.access import scope_of

EVENTS_PER_PAGE = 50


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team reads the audit log")
    form = EventFilterForm(request.GET or None)
    chosen = form.chosen() if form.is_valid() else selectors.EventFilter()
    errors = error_summary(form)
    page = Paginator(selectors.events(chosen), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/events.html",
        {"form": form, "errors": errors, "page": page, "query": query.urlencode()},
        status=400 if errors else 200,
    )

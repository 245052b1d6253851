"""The structure page and its forms, for the performance team: the councils,
directorates and service areas (`goldenthread.organisations`), changed here
because who may change them is a question for `people.access`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.organisations import selectors, services
from goldenthread.organisations.forms import FORMS
from goldenthread.pages.forms import form_page
from goldenthread.people.access import scope_of

KIND_NAMES = {
    "organisation": "organisation",
    "directorate": "directorate",
    "service-area": "service area",
}


def _performance_team_only(request: HttpRequest) -> None:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team changes the structure")


@require_safe
def structure(request: HttpRequest) -> HttpResponse:
    _performance_team_only(request)
    return render(
        request,
        "organisations/structure.html",
        {
            "organisations": selectors.organisations(),
            "directorates": selectors.directorates(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def structure_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    _performance_team_only(request)
    if kind not in FORMS:
        raise Http404("No such kind of entry")
    form_class = FORMS[kind]
    model = form_class._meta.model
    entry = get_object_or_404(model, pk=pk) if pk is not None else None
    form = form_class(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        saved = services.structure_save(entry=form.save(commit=False), by=request.user)
        messages.success(request, f"{KIND_NAMES[kind].capitalize()} {saved} saved.")
        return redirect("organisations:structure")
    return form_page(
        request,
        form,
        heading=f"Change {KIND_NAMES[kind]} {entry}" if entry else f"Add a {KIND_NAMES[kind]}",
        cancel_url=reverse("organisations:structure"),
    )

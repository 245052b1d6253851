"""People and what they may do, for the performance team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.pages.forms import form_page
from goldenthread.people import selectors, services
from goldenthread.people.access import scope_of
from goldenthread.people.forms import PersonForm


def _performance_team_only(request: HttpRequest) -> None:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team manages people")


@require_safe
def people_list(request: HttpRequest) -> HttpResponse:
    _performance_team_only(request)
    return render(request, "people/list.html", {"people": selectors.people()})


@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _performance_team_only(request)
    person = get_object_or_404(get_user_model(), pk=pk) if pk is not None else None
    form = PersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = services.person_save(
            person=person,
            details=services.PersonDetails(
                **{name: data[name] for name in services.PersonDetails.__dataclass_fields__}
            ),
            by=request.user,
        )
        messages.success(request, f"{saved.username} saved.")
        return redirect("people:list")
    return form_page(
        request,
        form,
        heading=f"Change {person.get_full_name() or person.username}" if person else "Add a person",
        cancel_url=reverse("people:list"),
        template="people/person_form.html",
        person=person,
        has_second_factor=person is not None and selectors.has_authenticator(person),
    )

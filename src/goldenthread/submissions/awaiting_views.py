"""The list of submissions awaiting a person's sign-off, of every kind, with
approval of several at once (`submissions.bulk`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from goldenthread.people.access import scope_of
from goldenthread.submissions import bulk
from goldenthread.submissions.kinds import kinds
from goldenthread.submissions.selectors import awaiting_sign_off, signs_off_anything


@require_http_methods(["GET", "HEAD", "POST"])
def awaiting(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not signs_off_anything(scope):
        raise PermissionDenied("Only directors and the performance team sign off")
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            chosen = bulk.read_choices(request.POST.getlist("chosen"))
        except bulk.ChoicesUnreadable as unreadable:
            raise BadRequest(str(unreadable)) from None
        if chosen:
            try:
                done = bulk.approve_several(chosen, scope=scope, by=request.user)
            except bulk.NotYours as refusal:
                raise PermissionDenied(str(refusal)) from None
            _tell(request, done)
            return redirect("submissions:awaiting")
    waiting = awaiting_sign_off(scope)
    # The kinds this person has waiting (else the first: data returns)
    shown = [k for k in kinds() if any(a.kind.name == k.name for a in waiting)] or kinds()[:1]
    if request.method == "POST":
        nouns = " or ".join(f"{kind.noun}s" for kind in shown)
        errors = [("chosen-1", f"Select the {nouns} you want to approve")]
    return render(
        request,
        "submissions/awaiting.html",
        {"waiting": waiting, "errors": errors, "several_kinds": len(shown) > 1},
        status=400 if errors else 200,
    )


def _tell(request: HttpRequest, done: bulk.Approvals) -> None:
    """One message for what was approved, of each kind, and one for each refused."""
    for kind in kinds():
        approved = sum(1 for item in done.approved if item.kind is kind)
        if approved:
            noun = kind.noun if approved == 1 else f"{kind.noun}s"
            messages.success(request, f"{approved} {noun} approved.")
    for _, why in done.refused:
        messages.error(request, f"{why} Open it to check it.")

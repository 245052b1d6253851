"""`{% awaiting_count as n %}`: how many submissions wait for the signed-in
person's sign-off (None if their role signs nothing off), for the navigation."""

from __future__ import annotations

from typing import Any

from django import template

from goldenthread.people.access import scope_of
from goldenthread.submissions.selectors import awaiting_sign_off, signs_off_anything

register = template.Library()


@register.simple_tag(takes_context=True)
def awaiting_count(context: dict[str, Any]) -> int | None:
    request = context.get("request")
    if request is None:
        return None
    scope = scope_of(request.user)
    if not signs_off_anything(scope):
        return None
    return len(awaiting_sign_off(scope))

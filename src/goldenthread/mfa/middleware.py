"""Until a person who needs a second factor has passed it in this session, they
reach only the second-factor pages and signing out (django-otp's OTPMiddleware,
before this one, says whether the session passed it: `user.is_verified()`).

Who needs it: the performance team, directors, and staff or superusers
(`selectors.second_factor_required`), and anyone who chose to set one up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from goldenthread.mfa import selectors
from goldenthread.people.selectors import has_authenticator

OPEN_BEFORE_SECOND_FACTOR = frozenset({"mfa:verify", "mfa:setup", "login", "logout"})


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return None
        has_app = has_authenticator(user)
        if not has_app and not selectors.second_factor_required(user):
            return None  # an optional second factor, not set up
        request.second_factor_pending = True  # type: ignore[attr-defined]  # the layout hides the menu
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        target = reverse("mfa:verify" if has_app else "mfa:setup")
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)

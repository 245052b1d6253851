"""The Django admin, for the performance team's bulk housekeeping: open to
the performance team by role (and to superusers), not by a staff flag."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from goldenthread.people.access import scope_of


class AdminSite(admin.AdminSite):
    site_header = "goldenthread administration"
    site_title = "goldenthread administration"
    index_title = "Registers and people"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active) and (
            bool(getattr(user, "is_superuser", False)) or scope_of(user).is_performance_team
        )

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One sign-in page for the whole application: the admin's own would
        let only staff-flagged users in."""
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = ""
        if not request.user.is_authenticated:
            return redirect_to_login(next_url or self.index_url())
        if self.has_permission(request):
            return redirect(next_url or self.index_url())
        raise PermissionDenied("The administration is for the performance team.")

    def index_url(self) -> str:
        return reverse("admin:index", current_app=self.name)

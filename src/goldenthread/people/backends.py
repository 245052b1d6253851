"""Permissions follow the role: the performance team administers everything,
in the application and in the Django admin, without a separate staff flag."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from goldenthread.people.access import scope_of


class RoleBackend(BaseBackend):
    """Grants every permission to active members of the performance team.

    Sign-in is left to Django's ModelBackend; this backend only answers
    permission questions (the admin asks them for every model and action).
    """

    def has_perm(self, user_obj: Any, perm: str, obj: object = None) -> bool:
        return bool(user_obj.is_active) and scope_of(user_obj).is_performance_team

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(user_obj.is_active) and scope_of(user_obj).is_performance_team

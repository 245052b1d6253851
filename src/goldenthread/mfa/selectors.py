"""Reads of people's second factors (django-otp's devices: an authenticator app,
`TOTPDevice`, and its recovery codes, a `StaticDevice`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.people.access import scope_of
from goldenthread.people.models import Role

# Roles that must pass a second factor at every sign-in; staff and superusers
# (the Django admin's own flags) must too, whatever their role.
ROLES_REQUIRING_SECOND_FACTOR = frozenset({Role.PERFORMANCE_TEAM, Role.DIRECTOR})


def second_factor_required(user: Any) -> bool:
    """Whether this person must pass a second factor (their role says so, or they
    are staff or a superuser). Others may choose to set one up."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return scope_of(user).role in ROLES_REQUIRING_SECOND_FACTOR


def newest_device(devices: Any, user: Any, *, confirmed: bool) -> Any:
    """The person's newest device of a kind, set up (`confirmed`) or being set up."""
    return devices.filter(user=user, confirmed=confirmed).order_by("-id").first()


def authenticator_of(user: Any) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return newest_device(TOTPDevice.objects, user, confirmed=True)


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def with_second_factor(people: QuerySet[Any]) -> QuerySet[Any]:
    """`people` annotated with `has_second_factor` (a confirmed authenticator app)."""
    return people.annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )

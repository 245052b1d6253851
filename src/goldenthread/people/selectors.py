"""Reads of people and their memberships."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice


def people() -> Any:
    return (
        get_user_model()
        .objects.select_related("membership")
        .prefetch_related(
            "membership__organisations",
            "membership__directorates",
            "membership__service_areas__directorate",
        )
        .order_by("-is_active", "username")
    )


def has_authenticator(user: Any) -> bool:
    """Whether the person has set up an authenticator app (their second factor)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()

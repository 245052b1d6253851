"""Reads of people and their memberships."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model


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

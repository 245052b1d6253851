"""Writes to the structure: one transaction each, attributed in the history."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.organisations.models import Directorate, Organisation, ServiceArea


def structure_save(
    *, entry: Organisation | Directorate | ServiceArea, by: AbstractBaseUser
) -> Organisation | Directorate | ServiceArea:
    """Save an organisation, directorate or service area, new or changed."""
    with transaction.atomic():
        entry._history_user = by  # type: ignore[union-attr]
        entry.save()
    return entry

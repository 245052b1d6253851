"""Writes to people: the account and its membership in one transaction,
the membership's changes attributed in the history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.people.models import Membership


@dataclass(frozen=True)
class PersonDetails:
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    password: str  # blank keeps the current one
    role: str
    all_organisations: bool
    organisations: list[Organisation]
    directorates: list[Directorate]
    service_areas: list[ServiceArea]


def person_save(*, person: Any, details: PersonDetails, by: AbstractBaseUser) -> Any:
    """Create (person None) or change someone's account and membership."""
    with transaction.atomic():
        person = person or get_user_model()()
        person.username = details.username
        person.first_name, person.last_name = details.first_name, details.last_name
        person.email = details.email
        person.is_active = details.is_active
        if details.password:
            person.set_password(details.password)
        person.save()
        membership = Membership.objects.filter(user=person).first() or Membership(user=person)
        membership.role = details.role
        membership.all_organisations = details.all_organisations
        membership._history_user = by  # type: ignore[attr-defined]
        membership.save()
        membership.organisations.set(details.organisations)
        membership.directorates.set(details.directorates)
        membership.service_areas.set(details.service_areas)
    return person


ANONYMOUS_PREFIX = "former-"


def person_anonymise(*, person: Any) -> None:
    """Someone who left: their account keeps its id (what they did stays attributed
    to it) but loses their name, email and password, and their membership goes.
    Recorded in the audit log (as any change to an account is)."""
    with transaction.atomic():
        Membership.objects.filter(user=person).delete()
        person.username = f"{ANONYMOUS_PREFIX}{person.pk}"
        person.first_name = person.last_name = person.email = ""
        person.is_active = False
        person.set_unusable_password()
        person.save()

"""Who may see and change what. Every view and selector asks here.

The performance team administers everything. Everyone else sees only the
organisations their membership covers; service officers change only their
service areas' returns, directors decide only on their directorates' returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from goldenthread.organisations.models import Organisation
from goldenthread.people.models import Membership, Role


@dataclass(frozen=True)
class Scope:
    """A person's reach, read once per request."""

    role: str | None
    all_organisations: bool
    organisation_ids: frozenset[int]
    directorate_ids: frozenset[int]
    service_area_ids: frozenset[int]

    @property
    def is_performance_team(self) -> bool:
        return self.role == Role.PERFORMANCE_TEAM

    def sees_organisation(self, organisation_id: int) -> bool:
        if self.role is None:
            return False
        return (
            self.is_performance_team
            or self.all_organisations
            or (organisation_id in self.organisation_ids)
        )

    def enters_data_for(self, organisation_id: int, service_area_id: int) -> bool:
        if self.is_performance_team:
            return True
        return (
            self.role == Role.SERVICE_OFFICER
            and self.sees_organisation(organisation_id)
            and service_area_id in self.service_area_ids
        )

    def signs_off(self, organisation_id: int, directorate_id: int) -> bool:
        if self.is_performance_team:
            return True
        return (
            self.role == Role.DIRECTOR
            and self.sees_organisation(organisation_id)
            and directorate_id in self.directorate_ids
        )


NO_SCOPE = Scope(None, False, frozenset(), frozenset(), frozenset())


def scope_of(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The user's scope, cached on the user object for the request."""
    if not user.is_authenticated:
        return NO_SCOPE
    cached: Scope | None = getattr(user, "_goldenthread_scope", None)
    if cached is not None:
        return cached
    try:
        membership = Membership.objects.get(user=user)
    except Membership.DoesNotExist:
        scope = NO_SCOPE
    else:
        scope = Scope(
            role=membership.role,
            all_organisations=membership.all_organisations,
            organisation_ids=frozenset(membership.organisations.values_list("id", flat=True)),
            directorate_ids=frozenset(membership.directorates.values_list("id", flat=True)),
            service_area_ids=frozenset(membership.service_areas.values_list("id", flat=True)),
        )
    user._goldenthread_scope = scope  # type: ignore[union-attr]
    return scope


def visible_organisations(scope: Scope) -> list[Organisation]:
    """The councils this scope sees, in their order."""
    query = Organisation.objects.all()
    if not (scope.is_performance_team or scope.all_organisations):
        query = query.filter(id__in=scope.organisation_ids)
    return list(query)


def partner_filter(scope: Scope, *, owner: str, prefix: str = "") -> Q:
    """What a scope may see of a register shared between partner councils (the
    Improvement Plan's actions, the risk register's risks): the team and people
    covering every council see all; anyone else the entries for their councils,
    for all partners ("ALL"), and those on their own organisation's plan or
    register (`owner`: the path to it); never another council's own. `prefix`
    reaches the entry through a relation (``risk__``)."""
    if scope.role is None:
        return Q(pk__in=[])
    if scope.is_performance_team or scope.all_organisations:
        return Q()
    councils = list(scope.organisation_ids)
    return (
        Q(**{f"{prefix}all_partners": True})
        | Q(**{f"{prefix}partners__id__in": councils})
        | Q(**{f"{prefix}{owner}_id__in": councils})
    )

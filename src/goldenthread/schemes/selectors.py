"""Reads: the scheme an indicator is rated by, as the domain core's `Scheme`."""

from __future__ import annotations

from goldenthread.domain.schemes import BUILT_IN, Scheme, SchemeError
from goldenthread.schemes.models import StatusScheme


def stored_scheme(row: StatusScheme) -> Scheme:
    return Scheme.build(row.name, row.statuses, row.key)


def schemes_by_key() -> dict[str, Scheme]:
    """Every scheme an indicator may name: the built-in ones first, then the team's."""
    schemes: dict[str, Scheme] = dict(BUILT_IN)
    for row in StatusScheme.objects.all():
        schemes[row.key] = stored_scheme(row)
    return schemes


def scheme_for(key: str) -> Scheme:
    """The scheme `key` names; `SchemeError` if there is none."""
    if key in BUILT_IN:
        return BUILT_IN[key]
    row = StatusScheme.objects.filter(key=key).first()
    if row is None:
        raise SchemeError(f"unknown scheme '{key[:40]}'")
    return stored_scheme(row)

"""Writes to the team's status schemes: one transaction each, checked by the
domain core (`Scheme.build`), attributed in the history (and so the audit log)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify

from goldenthread.domain.schemes import BUILT_IN, Scheme
from goldenthread.schemes.models import StatusScheme
from goldenthread.schemes.usage import uses_of

KEY_LENGTH = StatusScheme._meta.get_field("key").max_length or 40
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_KEYS = frozenset({"new"})  # /settings/schemes/new/ is the form for a new one


class SchemeRefused(Exception):
    """A scheme that cannot be saved or deleted as asked; the message says why."""


class StaleScheme(SchemeRefused):
    """Someone saved the scheme since the person opened it; `current` is theirs."""

    def __init__(self, current: StatusScheme) -> None:
        who = f" ({current.updated_by})" if current.updated_by else ""
        super().__init__(
            f"Someone else saved this scheme since you opened it{who}. Their version is "
            "shown below and yours is still in the form: save again to replace theirs."
        )
        self.current = current


def key_for(name: str) -> str:
    """The key a scheme's name gives ('Green within 5%' -> 'green-within-5')."""
    return slugify(name)[:KEY_LENGTH].strip("-")


def key_problem(key: str, *, new: bool = True) -> str | None:
    """Why `key` cannot name a scheme (None if it can); with `new`, one not yet taken."""
    if not key:
        return "Enter a key: letters, digits and dashes"
    if len(key) > KEY_LENGTH or not KEY_PATTERN.fullmatch(key):
        return f"The key must be letters, digits and dashes (at most {KEY_LENGTH}), like my-rag"
    if key in BUILT_IN:
        return f"'{key}' is a built-in scheme's key: choose another"
    if key in RESERVED_KEYS:
        return f"'{key}' is the address of another page: choose another key"
    if new and StatusScheme.objects.filter(key=key).exists():
        return f"'{key}' is already another scheme's key: choose another"
    return None


def scheme_save(
    *,
    key: str,
    name: str,
    statuses: Iterable[Mapping[str, Any]],
    version: int | None,
    by: AbstractBaseUser | None,
) -> tuple[StatusScheme, bool]:
    """Create the scheme `key` (`version` None) or update it; checked by
    `Scheme.build` (`SchemeError`). `StaleScheme` if it was saved since
    `version`; `SchemeRefused` for a built-in key or a new key already taken.
    The row and whether anything changed."""
    scheme = Scheme.build(name, statuses, key)
    rows = [dict(row) for row in scheme.to_rows()]
    with transaction.atomic():
        row = StatusScheme.objects.select_for_update().filter(key=key).first()
        if key in BUILT_IN:
            raise SchemeRefused(f"'{key}' is a built-in scheme: it cannot be changed")
        if row is None:
            if version is not None:
                raise SchemeRefused(f"The scheme '{key}' has been deleted since you opened it")
            row = StatusScheme(key=key)
        elif version is not None and version != row.version:
            raise StaleScheme(row)
        if row.pk and row.name == scheme.name and row.statuses == rows:
            return row, False
        if row.pk:
            row.version += 1
        row.name, row.statuses, row.updated_by = scheme.name, rows, by
        row._history_user = by  # type: ignore[attr-defined]
        row.save()
    return row, True


def scheme_delete(*, key: str, by: AbstractBaseUser | None) -> None:
    """Delete the team's scheme `key`; `SchemeRefused` while anything uses it."""
    with transaction.atomic():
        row = StatusScheme.objects.select_for_update().filter(key=key).first()
        if row is None:
            raise SchemeRefused(f"There is no scheme '{key}' to delete")
        uses = uses_of(key)
        if uses:
            raise SchemeRefused(
                f"'{row.name}' is used by {' and '.join(uses)}: assign them another scheme first"
            )
        row._history_user = by  # type: ignore[attr-defined]
        row.delete()

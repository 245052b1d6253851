"""Approving several submissions at once, from the list of those awaiting a
person's sign-off. Each is still approved on its own through the lifecycle
(`submission_move`, one transaction each, recorded on it and in its history),
on the version the person was shown: one changed since is refused and named,
the others are approved. A choice naming anything the person does not sign off
(another council's or directorate's, or nothing at all) refuses the whole
request before anything is approved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from django.contrib.auth.models import AbstractBaseUser

from goldenthread.domain.lifecycle import Action, Refused
from goldenthread.people.access import Scope
from goldenthread.submissions.kinds import Kind, kinds
from goldenthread.submissions.selectors import Awaiting, period_of, signs_off
from goldenthread.submissions.services import StaleSubmission, submission_move

#: The most submissions approved in one request (the list is never near this long).
MOST_AT_ONCE: Final = 500

# What a checkbox posts: the kind's name, the submission's id and the version shown
# (`Awaiting.key`).
_KEY: Final = re.compile(r"([a-z][a-z0-9_-]{0,39}):([0-9]{1,12}):([0-9]{1,9})")


class ChoicesUnreadable(Exception):
    """What was posted is not a list of choices the page makes."""


class NotYours(Exception):
    """A choice names a submission this person does not sign off (or none)."""


@dataclass(frozen=True)
class Chosen:
    """A submission chosen for approval, and the version the person was shown."""

    kind: Kind
    id: int
    version: int


def read_choices(values: list[str]) -> list[Chosen]:
    """The choices posted, each submission once; `ChoicesUnreadable` if any is not
    a choice the page makes or there are more than `MOST_AT_ONCE`."""
    if len(values) > MOST_AT_ONCE:
        raise ChoicesUnreadable(f"Approve at most {MOST_AT_ONCE} at once.")
    by_name = {kind.name: kind for kind in kinds()}
    chosen: dict[tuple[str, int], Chosen] = {}
    for value in values:
        key = _KEY.fullmatch(value)
        if key is None or key[1] not in by_name:
            raise ChoicesUnreadable("A choice was not understood: reload the page and try again.")
        name, id_, version = key[1], int(key[2]), int(key[3])
        chosen.setdefault((name, id_), Chosen(by_name[name], id_, version))
    return list(chosen.values())


@dataclass
class Approvals:
    """What one bulk approval did: the submissions approved, and those refused with why."""

    approved: list[Awaiting] = field(default_factory=list)
    refused: list[tuple[Awaiting, str]] = field(default_factory=list)


def _checked(chosen: list[Chosen], scope: Scope) -> list[tuple[Awaiting, int]]:
    """Each choice's submission with the version shown; `NotYours` if any is missing
    or is not one this person signs off."""
    found = []
    for kind in {c.kind.name: c.kind for c in chosen}.values():
        ids = [c.id for c in chosen if c.kind is kind]
        stored = kind.model.objects.select_related(
            "organisation", "service_area__directorate"
        ).in_bulk(ids)
        for choice in (c for c in chosen if c.kind is kind):
            submission = stored.get(choice.id)
            if submission is None or not signs_off(scope, kind, submission):
                raise NotYours(f"You do not sign off this {kind.noun}.")
            found.append((Awaiting(kind, submission, period_of(submission)), choice.version))
    return found


def approve_several(chosen: list[Chosen], *, scope: Scope, by: AbstractBaseUser) -> Approvals:
    """Approve each chosen submission on the version shown, one by one. `NotYours`
    (nothing approved) if any is not this person's to sign off."""
    done = Approvals()
    for item, version in _checked(chosen, scope):
        changed = f"{item.name} was changed after this list was shown, so it was not approved."
        if item.submission.version != version:
            done.refused.append((item, changed))
            continue
        try:
            submission_move(item.submission, Action.APPROVE, expected_version=version, by=by)
        except StaleSubmission:  # changed between reading it and approving it
            done.refused.append((item, changed))
        except Refused as refusal:
            done.refused.append((item, f"{item.name}: {refusal}"))
        else:
            done.approved.append(item)
    return done

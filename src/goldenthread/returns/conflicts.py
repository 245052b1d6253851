"""A save refused because someone else saved the return first (issue 14).

The return page carries what it showed when it was opened, signed (`loaded_record`),
so the server can tell which fields the person changed. A save writes only those
(`ReturnForm.changed_entries`), so it never puts back a figure the person did not
touch. When the save is refused, `reconcile` makes the page shown next: the fields
the person changed keep their text; the others take the colleague's saved text;
every field the colleague changed that differs from the person's is marked with
the colleague's text beside it. Saving that page again (on the new version) merges
both people's changes; where both changed a field, the person has seen both and
the text in the box is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

from goldenthread.returns.forms import ReturnForm

SALT = "goldenthread.return-loaded"


def loaded_record(initial: Mapping[str, object], *, where: str) -> str:
    """What a return page shows when opened (the form's initial texts and
    version), signed, for the page to carry back; `where` names the return."""
    values = {
        name: str(value)
        for name, value in initial.items()
        if name != "version" and value not in (None, "")
    }
    record = {"where": where, "version": initial.get("version", 0), "values": values}
    return signing.dumps(record, salt=SALT, compress=True)


def read_loaded(text: str, *, version: object, where: str) -> dict[str, str] | None:
    """The texts a page of this return showed when opened at `version`, if `text`
    is a record this application signed for it; None otherwise (then every field
    counts as changed, as before pages carried the record)."""
    try:
        record = signing.loads(text, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(record, dict)
        or record.get("where") != where
        or str(record.get("version")) != str(version)
        or not isinstance(record.get("values"), dict)
    ):
        return None
    return {str(name): str(value) for name, value in record["values"].items()}


@dataclass(frozen=True)
class Theirs:
    """A colleague's saved text of one field, shown beside this person's."""

    text: str
    was: str  # what the page showed when it was opened
    both_changed: bool  # the person changed it too: theirs is beside, the person's in the box

    @property
    def shown(self) -> str:
        return self.text or "blank"

    @property
    def was_shown(self) -> str:
        return self.was or "blank"


@dataclass(frozen=True)
class Conflict:
    """What the page shows after a save was refused because `by` saved at `at`."""

    by: str
    at: datetime.datetime
    data: dict[str, str]  # what the page's form holds now, ready to save again
    theirs: dict[str, Theirs]  # by field name, in the page's order

    @property
    def time(self) -> str:
        return f"{timezone.localtime(self.at):%H:%M}"

    @property
    def message(self) -> str:
        if self.theirs:
            return (
                f"Someone else saved this return at {self.time}: "
                "their figures are shown beside yours"
            )
        return (
            f"Someone else saved this return at {self.time}, but nothing they changed "
            "differs from this page: save again to keep your changes"
        )

    def summary(self, form: ReturnForm) -> list[tuple[str, str]]:
        """(field id, message) pairs for the error summary: the message, leading to
        the first of their figures, then each figure both people changed."""
        first = f"id_{next(iter(self.theirs))}" if self.theirs else ""
        return [
            (first, self.message),
            *(
                (
                    f"id_{name}",
                    f"{form.fields[name].label}: {self.by} saved {t.shown}; yours is in the box",
                )
                for name, t in self.theirs.items()
                if t.both_changed
            ),
        ]


def reconcile(
    form: ReturnForm,
    saved: Mapping[str, object],
    *,
    where: str,
    by: str,
    at: datetime.datetime,
) -> Conflict:
    """The page after `form`'s save was refused: `saved` is the return as stored
    now (`ReturnForm.initial_for`, with its version)."""
    data: dict[str, str] = {
        "version": str(saved["version"]),
        "loaded": loaded_record(saved, where=where),
    }
    theirs: dict[str, Theirs] = {}
    loaded = form.loaded
    for group in form.field_groups():
        changed = form.changed(group)
        for name in group:
            posted = form.posted(name)
            now = str(saved.get(name) or "")
            was = loaded.get(name, "") if loaded is not None else posted
            data[name] = posted if changed else now
            they_changed = loaded is None or not form.same(name, now, was)
            if they_changed and not form.same(name, now, posted):
                theirs[name] = Theirs(now, was, both_changed=changed)
    return Conflict(by, at, data, theirs)

"""The spreadsheet import pipeline: read -> check every row with the module's
own form -> preview -> apply in one transaction.

A module writes one `SpreadsheetImport`: how to read its file into a preview
(refusing the whole file with `ImportRefused`, each problem naming its sheet,
row, column and reason), what of the preview travels back to the browser to
be applied (`to_payload`, checked again by `from_payload`), and how to save
it (`save`). The web view (`imports.views`) and the command
(`imports.command`) run the steps in the same order for every module;
`apply_payload` and `apply_preview` hold the one transaction.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction


class ImportRefused(Exception):
    """The file (or the preview) is refused as a whole; `problems` say where
    and why, each printable on its own line."""

    def __init__(self, problems: Iterable[object]) -> None:
        self.problems: list[Any] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Preview(Protocol):
    """What an import would change; a module's preview holds much more."""

    @property
    def filename(self) -> str: ...

    @property
    def has_changes(self) -> bool: ...


P = TypeVar("P", bound=Preview)
Result = TypeVar("Result")


class SpreadsheetImport(abc.ABC, Generic[P, Result]):
    """One module's import. An instance is made for one person (and, on the
    web, one page), so its methods know whose import it is."""

    kind: str  # names the preview's signature ("register", "return")
    noun: str  # what a preview is bound to, in messages ("the register", "the return")
    refused_verb = "imported"  # "nothing was imported"

    @abc.abstractmethod
    def read(self, data: bytes, *, filename: str) -> P:
        """Read and check the file with the module's form: the preview, or
        `ImportRefused` with every problem found."""

    @abc.abstractmethod
    def to_payload(self, preview: P) -> dict[str, Any]:
        """What the browser sends back to apply the preview (JSON, signed by
        the caller): the checked texts and what the preview read of each
        thing it will change (a version or fingerprint), so that a change
        made since is refused on apply."""

    @abc.abstractmethod
    def from_payload(self, payload: dict[str, Any]) -> P:
        """The preview again, checked again as on upload (called inside the
        transaction that saves it)."""

    @abc.abstractmethod
    def save(self, preview: P, *, by: AbstractBaseUser | None) -> Result:
        """Save the preview (called inside the one transaction). Refuse,
        with `ImportRefused`, anything changed since the preview was made."""

    def bound_to(self) -> tuple[dict[str, Any], str]:
        """What a preview made here is bound to (compared on apply), and its
        name in a message; by default the import as a whole."""
        return {"kind": self.kind}, self.noun


def apply_preview(
    importer: SpreadsheetImport[P, Result], preview: P, *, by: AbstractBaseUser | None
) -> Result:
    """Save a preview just read (the command line): all of it or nothing."""
    with transaction.atomic():
        return importer.save(preview, by=by)


def apply_payload(
    importer: SpreadsheetImport[P, Result], payload: dict[str, Any], *, by: AbstractBaseUser | None
) -> tuple[P, Result]:
    """Check a previewed payload again and save it, in one transaction: what
    was checked is what is saved."""
    with transaction.atomic():
        preview = importer.from_payload(payload)
        return preview, importer.save(preview, by=by)

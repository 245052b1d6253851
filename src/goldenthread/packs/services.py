"""Writes for packs: build one (snapshot the figures, compare with the last pack
for the same period, render every format, then record it: the files and the
row appear together or not at all), and rebuild a stored one from its snapshot."""

from __future__ import annotations

import datetime
import shutil
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation
from goldenthread.packs import selectors
from goldenthread.packs.models import Pack, file_stem
from goldenthread.reports.build import Built, build_pack
from goldenthread.reports.content import ExceptionRule
from goldenthread.reports.pdf import PdfUnavailable
from goldenthread.reports.snapshot import (
    Snapshot,
    canonical_json,
    changes_between,
    load_snapshot,
    snapshot_hash,
)
from goldenthread.workbooks.safety import too_large

TEMPLATE_COPY = "template.docx"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024  # a house style with its logo and fonts
MAX_TEMPLATE_UNPACKED = 100 * 1024 * 1024


class PackError(Exception):
    """A pack that cannot be built as asked; the message says why."""


@dataclass
class BuiltPack:
    pack: Pack
    built: Built


def check_template(path: Path, name: str | None = None) -> None:
    """A Word template must be a .docx that opens, of a sensible size; say which
    file (`name`, if it was uploaded under another) and why if not."""
    name = name or str(path)
    if not path.is_file():
        raise PackError(f"the Word template {name} does not exist")
    if path.stat().st_size > MAX_TEMPLATE_BYTES:
        size = path.stat().st_size
        refusal = too_large(f"the Word template {name}", size, MAX_TEMPLATE_BYTES)
        raise PackError(f"{refusal} (make its pictures smaller)")
    try:
        with zipfile.ZipFile(path) as archive:
            archive.getinfo("word/document.xml")
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, KeyError):
        raise PackError(
            f"the Word template {name} is not a Word document (.docx): save it from Word "
            "as 'Word Document (*.docx)'"
        ) from None
    if unpacked > MAX_TEMPLATE_UNPACKED:
        raise PackError(f"the Word template {name} unpacks to more than 100 MB: not a template")


def _render(
    snapshot: Snapshot, formats: Sequence[str], template: Path | None, name: str | None = None
) -> Built:
    try:
        return build_pack(snapshot, formats, template)
    except PdfUnavailable as error:
        raise PackError(str(error)) from None
    except Exception as error:  # a broken template's placeholders, named for the user
        if template is not None and "docx" in formats:
            raise PackError(
                f"could not fill the Word template {name or template.name}: {error}. "
                "docs/pack.md lists the placeholders it may use"
            ) from error
        raise


def pack_build(
    *,
    quarter: Quarter,
    organisation: Organisation | None,
    exception_rule: ExceptionRule,
    formats: Sequence[str],
    by: AbstractBaseUser | None,
    template: Path | None = None,
    template_name: str | None = None,
    taken_at: datetime.datetime | None = None,
) -> BuiltPack:
    """Snapshot the figures, render `formats` and record the pack (files under the data
    folder). `template` is a Word template (`template_name`: its name, if uploaded)."""
    if template is not None:
        check_template(template, template_name)
    taken_at = taken_at or timezone.now()
    snapshot = selectors.pack_snapshot(
        quarter=quarter,
        organisation=organisation,
        exception_rule=exception_rule,
        taken_at=taken_at,
    )
    year, number = quarter.financial_year.start_year, quarter.number
    previous = selectors.previous_pack(year=year, quarter=number, organisation=organisation)
    changes = None
    if previous is not None:
        found = changes_between(load_snapshot(previous.snapshot), snapshot)
        changes = len(found)
        snapshot["since"] = {
            "built_at": previous.built_at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
            "hash": previous.snapshot_hash,
            "changes": found,
        }
    built = _render(snapshot, formats, template, template_name)
    root = Path(settings.DATA_DIR) / "packs"
    staging = root / f".staging-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    folder: Path | None = None
    try:
        stem = file_stem(year, number, organisation.code if organisation else None)
        for fmt, content in built.files.items():
            (staging / f"{stem}.{fmt}").write_bytes(content)
        if template is not None:
            shutil.copyfile(template, staging / TEMPLATE_COPY)
        with transaction.atomic():
            pack = Pack.objects.create(
                year=year,
                quarter=number,
                organisation=organisation,
                exception_rule=exception_rule.value,
                formats=list(built.files),
                built_at=taken_at,
                built_by=by,
                snapshot=canonical_json(snapshot),
                snapshot_hash=snapshot_hash(snapshot),
                changes=changes,
                template_name=(template_name or template.name) if template else "",
            )
            folder = pack.folder
            if folder.exists():  # left by a pack whose row was never recorded: not this one's
                shutil.rmtree(folder)
            staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return BuiltPack(pack, built)


def pack_rebuild(*, pack: Pack, formats: Sequence[str], template: Path | None = None) -> Built:
    """Render a recorded pack again from its stored snapshot (and Word template):
    the same bytes as when it was built, whatever the figures say now."""
    if template is None and pack.template_name:
        template = pack.folder / TEMPLATE_COPY
    if template is not None:
        check_template(template)
    return _render(load_snapshot(pack.snapshot), formats, template)

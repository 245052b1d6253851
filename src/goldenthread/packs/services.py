"""Writes for packs: build one (snapshot the figures, compare with the last pack
for the same period, render every format, then record it: the files and the
row appear together or not at all); queue one, recorded with its snapshot, for
the background worker to render (`pack_queue`, `pack_render`); and rebuild a
stored one from its snapshot."""

from __future__ import annotations

import datetime
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from goldenthread.audit.models import Action
from goldenthread.audit.services import event_record
from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation
from goldenthread.packs import selectors
from goldenthread.packs.models import TEMPLATE_COPY, Pack, PackState
from goldenthread.reports.build import Built, build_pack
from goldenthread.reports.content import ExceptionRule
from goldenthread.reports.pdf import PdfUnavailable
from goldenthread.reports.sections import changes_between, sample_of
from goldenthread.reports.snapshot import Snapshot, canonical_json, load_snapshot, snapshot_hash
from goldenthread.workbooks.safety import too_large

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
    size = path.stat().st_size
    if size > MAX_TEMPLATE_BYTES:
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
    sections: Sequence[str] | None = None,
) -> BuiltPack:
    """Snapshot the figures, render `formats` and record the pack with its files, here
    and now (the command line): the row and the files appear together or not at all.
    `template` is a Word template (`template_name`: its name, if uploaded); `sections`
    names the sections to build (default: every one, reports.sections.SECTIONS)."""
    unsaved, snapshot = _taken(
        quarter,
        organisation,
        exception_rule,
        formats,
        by,
        template,
        template_name,
        taken_at,
        sections,
    )
    built = _render(snapshot, formats, template, template_name)
    unsaved.formats, unsaved.state = list(built.files), PackState.BUILT
    unsaved.finished_at = timezone.now()
    return BuiltPack(_record(unsaved, snapshot, built.files, template), built)


def pack_queue(
    *,
    quarter: Quarter,
    organisation: Organisation | None,
    exception_rule: ExceptionRule,
    formats: Sequence[str],
    by: AbstractBaseUser | None,
    template: Path | None = None,
    template_name: str | None = None,
) -> Pack:
    """Snapshot the figures now and record the pack, to be rendered in the background
    (the web application: a large pack takes minutes). The pack and its place in the
    queue are saved together; `pack_render` writes its files."""
    from goldenthread.packs.tasks import build_pack_files  # the task calls this module

    unsaved, snapshot = _taken(
        quarter, organisation, exception_rule, formats, by, template, template_name
    )
    unsaved.formats, unsaved.state = list(formats), PackState.QUEUED
    return _record(unsaved, snapshot, {}, template, then=build_pack_files.enqueue)


def pack_render(*, pack: Pack) -> None:
    """Write the files of a queued pack from its snapshot (the background worker).
    Marks it built, or failed with the reason (and raises), leaving no files."""
    claimed = Pack.objects.filter(pk=pack.pk, state=PackState.QUEUED).update(
        state=PackState.BUILDING
    )
    if not claimed:  # built, failed or being built by another worker already
        return
    try:
        snapshot = load_snapshot(pack.snapshot)
        built = _render(snapshot, pack.formats, pack.template_copy, pack.template_name)
        _write_files(pack, built.files)
        Pack.objects.filter(pk=pack.pk).update(state=PackState.BUILT, finished_at=timezone.now())
    except BaseException as error:
        for fmt in pack.formats:
            _partial(pack, fmt).unlink(missing_ok=True)
            pack.path(fmt).unlink(missing_ok=True)
        Pack.objects.filter(pk=pack.pk).update(
            state=PackState.FAILED,
            failure=str(error) if isinstance(error, PackError) else _unexpected(error),
            finished_at=timezone.now(),
        )
        raise
    pack.refresh_from_db()


def _unexpected(error: BaseException) -> str:
    return (
        f"goldenthread failed while rendering it ({type(error).__name__}: {error}). "
        "The pack builder's log has the details; building it again may work."
    )


def _taken(
    quarter: Quarter,
    organisation: Organisation | None,
    exception_rule: ExceptionRule,
    formats: Sequence[str],
    by: AbstractBaseUser | None,
    template: Path | None,
    template_name: str | None,
    taken_at: datetime.datetime | None = None,
    sections: Sequence[str] | None = None,
) -> tuple[Pack, Snapshot]:
    """The pack (not yet saved) and every figure it shows, taken now; if a pack for the
    period was made before, what changed since (counted, and kept in the snapshot).
    A Word template is tried on a sample of the figures first: one whose placeholders
    cannot be filled is refused now, not minutes later when the whole pack renders."""
    if template is not None:
        check_template(template, template_name)
    taken_at = taken_at or timezone.now()
    snapshot = selectors.pack_snapshot(
        quarter=quarter,
        organisation=organisation,
        exception_rule=exception_rule,
        taken_at=taken_at,
        sections=sections,
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
    if template is not None and "docx" in formats:
        _render(sample_of(snapshot), ["docx"], template, template_name)
    unsaved = Pack(
        year=year,
        quarter=number,
        organisation=organisation,
        exception_rule=exception_rule.value,
        built_at=taken_at,
        built_by=by,
        changes=changes,
        template_name=(template_name or template.name) if template else "",
    )
    return unsaved, snapshot


def _record(
    unsaved: Pack,
    snapshot: Snapshot,
    files: dict[str, bytes],
    template: Path | None,
    then: Callable[[int], object] | None = None,
) -> Pack:
    """Save the pack with its snapshot, its files and its Word template's copy (under
    the data folder), and `then(pack id)`, in one transaction: all or nothing."""
    folder: Path | None = None
    try:
        with transaction.atomic():
            unsaved.snapshot = canonical_json(snapshot)
            unsaved.snapshot_hash = snapshot_hash(snapshot)
            unsaved.save()
            event_record(
                action=Action.CREATED,
                obj=unsaved,
                actor=unsaved.built_by,
                after={
                    "period": unsaved.period,
                    "state": unsaved.state,
                    "formats": ", ".join(unsaved.formats),
                    "snapshot_hash": unsaved.snapshot_hash,
                },
            )
            folder = unsaved.folder
            if folder.exists():  # left by a pack whose row was never recorded: not this one's
                shutil.rmtree(folder)
            _write_files(unsaved, files)
            if template is not None:
                shutil.copyfile(template, folder / TEMPLATE_COPY)
            if then is not None:
                then(unsaved.pk)
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return unsaved


def _write_files(pack: Pack, files: dict[str, bytes]) -> None:
    """Write the pack's files into its folder: each appears under its own name only
    once all are written."""
    pack.folder.mkdir(parents=True, exist_ok=True)
    for fmt, content in files.items():
        _partial(pack, fmt).write_bytes(content)
    for fmt in files:
        _partial(pack, fmt).replace(pack.path(fmt))


def _partial(pack: Pack, fmt: str) -> Path:
    return pack.folder / f".{pack.file_name(fmt)}.partial"


def pack_rebuild(*, pack: Pack, formats: Sequence[str], template: Path | None = None) -> Built:
    """Render a recorded pack again from its stored snapshot (and Word template):
    the same bytes as when it was built, whatever the figures say now."""
    template = template or pack.template_copy
    if template is not None:
        check_template(template)
    return _render(load_snapshot(pack.snapshot), formats, template)

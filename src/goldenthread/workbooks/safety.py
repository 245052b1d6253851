"""Look inside an .xlsx file before any spreadsheet library parses it.

An .xlsx workbook is a zip archive of XML parts. Before openpyxl sees one, this
module checks what the archive says about itself: that it is a zip at all (and
not an old .xls, a CSV or a Word document renamed), that it is not encrypted or
macro-enabled, that no part would decompress beyond fixed limits (a zip bomb),
and then, reading every part whatever its name in chunks (`parts`), that each
is UTF-8, declares no document type or entities (the "billion laughs", XXE) in
any encoding, and that the workbook holds no more rows, cells in a row, cells,
shared strings or XML elements than a return or register could (a small file
that would cost openpyxl gigabytes). Python's zipfile never returns more bytes
than a member's declared size, so the declared sizes checked here bound what
any later reader decompresses. Each refusal is a `WorkbookRefused` whose
message tells a person what is wrong, where and what to do.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from goldenthread.workbooks.parts import (
    DECLARATION,
    DECLARES,
    PartRefused,
    Tally,
    scan_part,
    sheet_parts,
)

# A data return of 5,000 rows is about 0.3 MB; these limits leave room for
# fifty times that and nothing near what a hostile file needs.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 80 * 1024 * 1024
# Worksheet XML compresses about 10-30 times; a ratio beyond this on a part of
# any size is a bomb, not a spreadsheet.
MAX_RATIO = 150
RATIO_APPLIES_FROM = 1024 * 1024

WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


class WorkbookRefused(Exception):
    """A file that is not a safe .xlsx workbook; the message says why and what to do."""


@dataclass(frozen=True)
class Inspection:
    """What the archive holds, once it has passed every check."""

    members: tuple[str, ...]
    uncompressed_bytes: int


def inspect_xlsx(data: bytes, *, name: str = "The file") -> Inspection:
    """Check an upload is a plain .xlsx workbook that is safe to parse; raise
    `WorkbookRefused` otherwise. Reads at most the declared sizes of its parts."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRefused(
            f"{name} is {_megabytes(len(data))}: the largest file accepted is "
            f"{_megabytes(MAX_FILE_BYTES)}. A data return is far smaller; check you chose "
            "the right file."
        )
    if not data:
        raise WorkbookRefused(f"{name} is empty.")
    _check_signature(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise WorkbookRefused(
            f"{name} is damaged: it is not a complete .xlsx workbook. Save it again from "
            "your spreadsheet program as an Excel Workbook (.xlsx)."
        ) from None
    with archive:
        infos = archive.infolist()
        _check_members(infos, name)
        names = {info.filename for info in infos}
        _check_kind(archive, names, name)
        _check_parts(archive, infos, name)
        return Inspection(tuple(sorted(names)), sum(i.file_size for i in infos))


def _check_signature(data: bytes, name: str) -> None:
    head = data[:8]
    if head.startswith(_ZIP):
        return
    if head == _OLE2:
        raise WorkbookRefused(
            f"{name} is an Excel 97-2003 workbook (.xls) or a password-protected workbook. "
            "Remove any password and save it as an Excel Workbook (.xlsx), then upload it again."
        )
    if head.startswith(b"%PDF"):
        kind = "a PDF document"
    elif head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        kind = "an image"
    elif _looks_like_text(data[:4096]):
        kind = "a text file (perhaps CSV or HTML)"
    else:
        kind = "not a spreadsheet"
    raise WorkbookRefused(
        f"{name} is {kind}, not an Excel workbook, whatever its name says. Upload the "
        ".xlsx template you downloaded, filled in and saved as an Excel Workbook (.xlsx)."
    )


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_members(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise WorkbookRefused(
            f"{name} holds {len(infos)} parts; a workbook has a few dozen. It is not a data return."
        )
    total = 0
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        lowered = member.lower()
        if (
            member.startswith(("/", "\\"))
            or "\\" in member
            or ".." in member.split("/")
            or "\x00" in member
            or lowered in seen
        ):
            raise WorkbookRefused(
                f"{name} is not a well-formed workbook (a part is named {member!r})."
            )
        seen.add(lowered)
        if info.flag_bits & 0x1:
            raise WorkbookRefused(
                f"{name} is encrypted. Remove the password, save it as an Excel Workbook "
                "(.xlsx) and upload it again."
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookRefused(
                f"{name} uses a compression method spreadsheet programs do not write. Save it "
                "again as an Excel Workbook (.xlsx)."
            )
        total += info.file_size
        too_big = info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
        ratio = info.file_size / max(info.compress_size, 1)
        if too_big or (info.file_size > RATIO_APPLIES_FROM and ratio > MAX_RATIO):
            raise WorkbookRefused(
                f"{name} would expand to far more than a data return holds (its part "
                f"{member} alone is {_megabytes(info.file_size)} when unpacked). It has not "
                "been opened. If it really is your return, copy the figures into a fresh "
                "template."
            )


def _check_kind(archive: zipfile.ZipFile, names: set[str], name: str) -> None:
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") for n in lowered):
        raise _macros(name)
    if "[content_types].xml" not in lowered:
        raise WorkbookRefused(
            f"{name} is a zip archive, not an Excel workbook. Upload the .xlsx template "
            "you downloaded, filled in."
        )
    if "xl/workbook.xml" not in lowered:
        if "word/document.xml" in lowered:
            kind = "a Word document"
        elif "ppt/presentation.xml" in lowered:
            kind = "a PowerPoint presentation"
        elif "content.xml" in lowered:
            kind = "an OpenDocument file (.ods or .odt)"
        else:
            kind = "not an Excel workbook"
        raise WorkbookRefused(
            f"{name} is {kind}, not an Excel workbook. Save your figures as an Excel "
            "Workbook (.xlsx) and upload that."
        )
    info = archive.getinfo(_actual(names, "[content_types].xml"))
    types = archive.read(info)
    if DECLARATION.search(types):
        raise _declarations(name, info.filename)
    if MACRO_TYPE.encode() in types:
        raise _macros(name)
    if WORKBOOK_TYPE.encode() not in types and TEMPLATE_TYPE.encode() not in types:
        raise WorkbookRefused(
            f"{name} is not an ordinary Excel workbook (it declares no workbook part). "
            "Save it as an Excel Workbook (.xlsx) and upload it again."
        )


def _actual(names: set[str], lowered: str) -> str:
    return next(n for n in names if n.lower() == lowered)


def _check_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    """Every part, whatever its name: UTF-8, no declarations, and within the
    limits of rows, cells and strings (`parts`), read in chunks and stopped at
    the first thing refused."""
    tally = Tally()
    for info in infos:
        try:
            with archive.open(info) as part:
                scan_part(part, info.filename, tally)
        except PartRefused as refusal:
            raise _refused_part(archive, refusal, name) from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise WorkbookRefused(
                f"{name} is damaged (its part {info.filename} cannot be unpacked). Save it "
                "again as an Excel Workbook (.xlsx)."
            ) from None
        except NotImplementedError:  # pragma: no cover - compression checked above
            raise WorkbookRefused(f"{name} uses an unsupported compression method.") from None


def _refused_part(archive: zipfile.ZipFile, refusal: PartRefused, name: str) -> WorkbookRefused:
    if refusal.reason == DECLARES:
        return _declarations(name, refusal.part)
    if refusal.unsafe:
        return WorkbookRefused(
            f"{name}: its part {refusal.part} {refusal.reason}. It has not been opened. Save "
            "it again as an Excel Workbook (.xlsx) from your spreadsheet program."
        )
    sheet = _sheet_of(archive, refusal.part)
    where = f"the sheet '{sheet}'" if sheet else f"its part {refusal.part}"
    return WorkbookRefused(
        f"{name}: {where} {refusal.reason}. It has not been opened. If it really is your "
        "return or register, copy the figures into a fresh template, or save it again as an "
        "Excel Workbook (.xlsx) from your spreadsheet program."
    )


def _sheet_of(archive: zipfile.ZipFile, part: str) -> str | None:
    """The name of the sheet a part holds, if the workbook says so and its own
    parts pass the checks."""
    try:
        names = {member: sheet for sheet, member in sheet_parts(archive).items()}
    except (PartRefused, ElementTree.ParseError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return names.get(part)


def _macros(name: str) -> WorkbookRefused:
    return WorkbookRefused(
        f"{name} is a macro-enabled workbook (.xlsm). Macros are never accepted: save it "
        "as an Excel Workbook (.xlsx), which keeps your figures and drops the macros, and "
        "upload that."
    )


def _declarations(name: str, part: str) -> WorkbookRefused:
    return WorkbookRefused(
        f"{name} contains XML declarations that spreadsheet programs never write (a "
        f"document type or entities, as used to attack servers, in its part {part}). It has "
        "not been opened. Save your figures in a fresh copy of the template and upload that."
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def too_large(what: str, size: int, largest: int) -> str:
    """'WHAT is 12.3 MB: the largest accepted is 10 MB', for a file refused unread."""
    return f"{what} is {_megabytes(size)}: the largest accepted is {largest // 1048576} MB"

"""What each part of an .xlsx archive holds, read in chunks before any XML
parser sees it, whatever the part is called: its encoding (UTF-8, as every
spreadsheet program writes), any document type or entity declaration (in
UTF-8, UTF-16 or UTF-32), and how much a reader would have to build from it:
rows, cells in a row, cells, shared strings, XML elements and the elements
that are none of those (styles, formats), added up over the workbook (`Tally`)
against limits a real return or register never reaches. A binary part (an
image) is scanned for declarations but not counted.

Counting is a pattern match over the bytes, not a parse: it can count too much
(a cell written inside a comment), never too little, so it can only refuse.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

# A 5,000-row return holds about 6,700 rows, 31,000 cells (13 in a row), 1,700
# shared strings, 90,000 elements and 500 others (styles, validations); the
# register of 834 indicators with ten years of targets for two councils 835
# rows, 30,000 cells (39 in a row), 1,800 shared strings and 65,000 elements.
# These limits leave room for three times that or more, and keep what openpyxl
# builds from any accepted file to about 0.6 s of CPU and a few MB (measured by
# bench/bench_hostile.py): it costs about 5 microseconds a cell, 20 a shared
# string, 50 a style.
MAX_CELLS_IN_ROW = 1_000
MAX_ROWS = 30_000
MAX_CELLS = 100_000
MAX_SHARED_STRINGS = 20_000
MAX_ELEMENTS = 400_000
MAX_OTHER_ELEMENTS = 10_000  # not a row, cell, value, formula, text or shared string

CHUNK = 1024 * 1024
# `<!DOCTYPE` or `<!ENTITY`, any case, in UTF-8 (no NUL between characters),
# UTF-16 (one) or UTF-32 (three), big- or little-endian: from its `<` on, the
# bytes are the same.
DECLARATION = re.compile(
    rb"<(\x00*)!\1(?:[Dd]\1[Oo]\1[Cc]\1[Tt]\1[Yy]\1[Pp]\1[Ee]|[Ee]\1[Nn]\1[Tt]\1[Ii]\1[Tt]\1[Yy])"
)
DECLARES = "declares a document type or entities"
_OVERLAP = 64  # longer than any declaration's opening in UTF-32
_PREFIX = rb"<(?:[^\s<>/:!?]+:)?"  # any namespace prefix, or none
_ROW = re.compile(_PREFIX + rb"row(?=[\s/>])")
_CELL = re.compile(_PREFIX + rb"c(?=[\s/>])")
_STRING = re.compile(_PREFIX + rb"si(?=[\s/>])")
_CELL_CONTENT = re.compile(_PREFIX + rb"(?:v|f|is|t)(?=[\s/>])")
_ROW_NUMBER = re.compile(rb"""[^>]*?\sr\s*=\s*["']\s*(\d{1,9})""")
_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_EBCDIC_DECLARATION = b"\x4c\x6f\xa7\x94"  # <?xm
_XML_DECLARATION = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([^"']{0,40})["']""")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class PartRefused(Exception):
    """A part no parser may see, or that costs more than a workbook may; `reason`
    completes a sentence whose subject is the part (or the sheet it holds)."""

    def __init__(self, part: str, reason: str, *, unsafe: bool = False) -> None:
        super().__init__(f"{part} {reason}")
        self.part = part
        self.reason = reason
        self.unsafe = unsafe  # no parser may see it: not even the sheet it holds is looked up


@dataclass
class Tally:
    """What the parts read so far hold, added up over the workbook."""

    rows: int = 0
    cells: int = 0
    shared_strings: int = 0
    elements: int = 0
    others: int = 0


def check_markup(archive: zipfile.ZipFile) -> None:
    """Every part UTF-8 and without declarations, nothing counted: for a
    person's own file of any size (`goldenthread rate`)."""
    for info in archive.infolist():
        with archive.open(info) as handle:
            scan_part(handle, info.filename, None)


def scan_part(handle: IO[bytes], part: str, tally: Tally | None) -> None:
    """Read one part in chunks; raise `PartRefused` at the first thing refused,
    having read no further than that. Without a `tally`, nothing is counted."""
    counter: _Counter | None = None
    carried = b""
    first = True
    while chunk := handle.read(CHUNK):
        if first:
            check_encoding(chunk, part)
            counter = _Counter(part, tally) if tally is not None and is_markup(chunk) else None
            first = False
        text = carried + chunk
        if DECLARATION.search(text):
            raise PartRefused(part, DECLARES, unsafe=True)
        # a tag or declaration cut in two by the chunk's end is carried over whole
        cut = text.rfind(b"<", max(len(text) - 256, 0))
        if cut < 0:
            cut = max(len(text) - _OVERLAP, 0)
        if counter is not None:
            counter.count(text[:cut])
        carried = text[cut:]
    if counter is not None:
        counter.count(carried)


def is_markup(head: bytes) -> bool:
    """Whether a part is XML (or any markup) in UTF-8: its first character past
    a byte order mark and white space is `<`. A parser refuses anything else at
    its first byte, so the rest (an image, printer settings) is not counted."""
    return head.removeprefix(_UTF8_BOM).lstrip()[:1] == b"<"


def check_encoding(head: bytes, part: str) -> None:
    """A part must be UTF-8 (or plain ASCII) if it is text at all: by its byte
    order mark, its first bytes and its XML declaration. A binary part (an
    image) passes: no parser reads it as XML, whatever it is called."""
    for mark, encoding in _WIDE_BOMS:
        if head.startswith(mark):
            raise _not_utf8(part, encoding)
    start = head[:4]
    if b"\x00" in start and b"<" in start:
        raise _not_utf8(part, "UTF-16 or UTF-32")
    if start == _EBCDIC_DECLARATION:
        raise _not_utf8(part, "EBCDIC")
    declared = _XML_DECLARATION.match(head.removeprefix(_UTF8_BOM).lstrip())
    if declared is not None:
        encoding = declared[1].decode("ascii", "replace").strip()
        if encoding.lower() not in _UTF8_NAMES:
            raise _not_utf8(part, encoding)


def _not_utf8(part: str, encoding: str) -> PartRefused:
    return PartRefused(
        part, f"is written in {encoding}, not in UTF-8 as spreadsheet programs write", unsafe=True
    )


class _Counter:
    """Rows, cells, shared strings and other elements as their start tags go
    by, counted a chunk at a time by regular expressions (no loop over cells)."""

    def __init__(self, part: str, tally: Tally) -> None:
        self.part = part
        self.tally = tally
        self.in_row = 0
        self.row = ""

    def count(self, text: bytes) -> None:
        tally = self.tally
        elements = text.count(b"<") - text.count(b"</") - text.count(b"<!") - text.count(b"<?")
        strings = len(_STRING.findall(text))
        starts = [match.start() for match in _ROW.finditer(text)]
        self._cells(text, 0, starts[0] if starts else len(text))
        for number, start in enumerate(starts):
            self._row(text, start)
            self._cells(text, start, starts[number + 1] if number + 1 < len(starts) else len(text))
        tally.elements += elements
        tally.shared_strings += strings
        tally.others += elements - strings - len(starts) - len(_CELL_CONTENT.findall(text))
        if tally.shared_strings > MAX_SHARED_STRINGS:
            raise PartRefused(
                self.part,
                f"holds more than {MAX_SHARED_STRINGS:,} different texts, far more than a "
                "return or register has",
            )
        if tally.elements > MAX_ELEMENTS:
            raise self._over(f"{MAX_ELEMENTS:,} XML elements")
        if tally.others > MAX_OTHER_ELEMENTS:
            raise self._over(
                f"{MAX_OTHER_ELEMENTS:,} XML elements other than cells and texts (styles, "
                "formats, validations)"
            )

    def _cells(self, text: bytes, start: int, end: int) -> None:
        cells = len(_CELL.findall(text, start, end))
        self.in_row += cells
        self.tally.cells += cells
        self.tally.others -= cells
        # cells outside any row (a calculation chain lists every formula's
        # cell) count towards the workbook's cells, not a row's
        if self.row and self.in_row > MAX_CELLS_IN_ROW:
            raise PartRefused(
                self.part,
                f"has more than {MAX_CELLS_IN_ROW:,} cells in row {self.row}, far more columns "
                "than a return or register has",
            )
        if self.tally.cells > MAX_CELLS:
            raise self._over(f"{MAX_CELLS:,} cells")

    def _row(self, text: bytes, start: int) -> None:
        self.in_row = 0
        self.tally.rows += 1
        number = _ROW_NUMBER.match(text, text.find(b"w", start), start + 200)
        self.row = number[1].decode() if number else f"{self.tally.rows:,} (counting from the top)"
        if self.tally.rows > MAX_ROWS:
            raise self._over(f"{MAX_ROWS:,} rows")

    def _over(self, limit: str) -> PartRefused:
        return PartRefused(
            self.part,
            f"takes the workbook past {limit}, far more than a return or register has",
        )


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML, from the workbook part and
    its relationships (both checked by `scan_part` before they are parsed)."""
    names = {n.lower(): n for n in archive.namelist()}
    workbook_name = names.get("xl/workbook.xml")
    rels_name = names.get("xl/_rels/workbook.xml.rels")
    if workbook_name is None or rels_name is None:
        return {}
    for checked in (workbook_name, rels_name):
        with archive.open(checked) as handle:
            scan_part(handle, checked, Tally())
    workbook = ElementTree.fromstring(archive.read(workbook_name))
    rels = ElementTree.fromstring(archive.read(rels_name))
    targets = {
        rel.get("Id"): str(rel.get("Target", ""))
        for rel in rels.iter(f"{_PACKAGE_REL}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL))
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[str(sheet.get("name"))] = names.get(posixpath.normpath(path).lower(), path)
    return parts

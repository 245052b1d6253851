"""The manifest goldenthread hides in every return template it makes: which
template version, council, period, service areas and indicators the workbook
is for, and a digest of its row layout (which indicator, breakdown and month
each row holds), all signed with an HMAC of the installation's secret key. On
import it tells a stale, altered or wrong template from the right one before
any figure is read."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TEMPLATE_VERSION = 1
SHEET = "goldenthread"
KIND = "goldenthread data return"
_FIELDS = ("kind", "version", "organisation", "period", "made", "layout")


class ManifestError(ValueError):
    """A manifest that is missing, altered or from another template version."""


@dataclass(frozen=True, slots=True)
class RowRef:
    """What one row of a template sheet holds. `service_area` is the area's
    place in the manifest (from 0); `start` is a month as 2019-04 and `months`
    1 for a month, 3 for a quarter, 12 for a year; commentary rows have neither."""

    sheet: str
    row: int
    service_area: int
    reference: str
    breakdown: str = ""
    start: str = ""
    months: int = 0


def layout_digest(rows: Iterable[RowRef]) -> str:
    """A digest of a template's row layout: equal layouts, equal digests."""
    digest = hashlib.sha256()
    for r in rows:
        line = f"{r.sheet}\t{r.row}\t{r.service_area}\t{r.reference}\t{r.breakdown}\t"
        digest.update(f"{line}{r.start}\t{r.months}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Manifest:
    organisation: str  # council code
    period: str  # 2019/20 Q1
    made: str  # ISO timestamp
    # (directorate, service area, the return's version when made): names, not
    # database ids, so a template stays valid in a restored or copied database.
    service_areas: tuple[tuple[str, str, int], ...]
    indicators: tuple[tuple[int, str], ...]  # (service area's place, reference)
    layout: str  # layout_digest of every row
    version: int = TEMPLATE_VERSION

    def lines(self) -> list[list[str]]:
        """The manifest as sheet rows, without the checksum."""
        head = [
            ["kind", KIND],
            ["version", str(self.version)],
            ["organisation", self.organisation],
            ["period", self.period],
            ["made", self.made],
            ["layout", self.layout],
        ]
        areas = [["service area", d, name, str(v)] for d, name, v in self.service_areas]
        indicators = [["indicator", str(area), ref] for area, ref in self.indicators]
        return head + areas + indicators

    def signed_lines(self, key: bytes) -> list[list[str]]:
        lines = self.lines()
        return [*lines, ["checksum", checksum(lines, key)]]


def checksum(lines: Iterable[Sequence[str]], key: bytes) -> str:
    message = "\n".join("\t".join(_trimmed(line)) for line in lines).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def read_manifest(lines: Sequence[Sequence[str]], key: bytes) -> Manifest:
    """Read and verify a manifest from its sheet rows (cells as text); raise
    `ManifestError` saying what is wrong."""
    lines = [_trimmed(line) for line in lines]
    if not lines or lines[-1][:1] != ["checksum"] or len(lines[-1]) < 2:
        raise ManifestError("its identification sheet is incomplete")
    body = lines[:-1]
    if not hmac.compare_digest(checksum(body, key), lines[-1][1]):
        raise ManifestError(
            "its identification does not match: it was altered, or made by another "
            "goldenthread installation"
        )
    head = {line[0]: line[1] for line in body if len(line) >= 2 and line[0] in _FIELDS}
    if head.get("kind") != KIND:
        raise ManifestError("it is not a goldenthread data return")
    if head.get("version") != str(TEMPLATE_VERSION):
        raise ManifestError(
            f"it was made by template version {head.get('version')}; this goldenthread "
            f"reads version {TEMPLATE_VERSION}"
        )
    try:
        areas = tuple(
            (line[1], line[2], int(line[3]))
            for line in (_padded(line, 4) for line in body if line[0] == "service area")
        )
        indicators = tuple((int(line[1]), line[2]) for line in body if line[0] == "indicator")
        return Manifest(
            head["organisation"], head["period"], head["made"], areas, indicators, head["layout"]
        )
    except (KeyError, ValueError, IndexError):
        raise ManifestError("its identification sheet is damaged") from None


def _trimmed(line: Sequence[str]) -> list[str]:
    """A line without trailing blanks: a spreadsheet does not keep empty cells."""
    cells = list(line)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _padded(line: Sequence[str], length: int) -> list[str]:
    return [*line, *([""] * (length - len(line)))]

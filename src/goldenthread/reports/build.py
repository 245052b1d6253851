"""Build a pack from a snapshot: the content once, the charts once (SVG for the
HTML and PDF, PNG for Word), then each format asked for. Works only from the
snapshot, so the same snapshot gives the same bytes."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from goldenthread.reports.assemble import assemble
from goldenthread.reports.charts import chart_spec, render_png, render_svg
from goldenthread.reports.content import Pack
from goldenthread.reports.snapshot import Snapshot

FORMATS = ("html", "pdf", "docx", "xlsx")


class PackFormatError(ValueError):
    """Formats asked for that goldenthread does not build."""


def parse_formats(text: str) -> tuple[str, ...]:
    """'html,pdf' -> ('html', 'pdf'), in the order given, without repeats."""
    asked = [part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()]
    unknown = [part for part in asked if part not in FORMATS]
    if unknown or not asked:
        raise PackFormatError(
            f"unknown format {', '.join(unknown) or '(none given)'}: use any of "
            f"{', '.join(FORMATS)}, separated by commas"
        )
    return tuple(dict.fromkeys(asked))


@dataclass
class Built:
    pack: Pack
    files: dict[str, bytes] = field(default_factory=dict)
    html: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def _charts(pack: Pack, png: bool) -> tuple[dict[str, str], dict[str, bytes]]:
    svgs: dict[str, str] = {}
    pngs: dict[str, bytes] = {}
    for group in pack.exceptions:
        for entry in group.entries:
            table = entry.periods
            if table is None or not any(
                cell.due and cell.value.amount is not None
                for row in table.rows
                if not row.is_target
                for cell in row.cells
            ):
                continue
            svg = render_svg(chart_spec(table))
            svgs[entry.indicator.reference] = svg
            if png:
                pngs[entry.indicator.reference] = render_png(svg)
    return svgs, pngs


def build_pack(
    snapshot: Snapshot, formats: Iterable[str] = FORMATS, template: Path | None = None
) -> Built:
    """Render `formats` of the pack for `snapshot` (bytes per format, seconds per step)."""
    wanted = tuple(formats)
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        built.seconds[step] = now - clock
        clock = now

    built = Built(assemble(snapshot))
    lap("content")
    svgs: dict[str, str] = {}
    pngs: dict[str, bytes] = {}
    if {"html", "pdf", "docx"} & set(wanted):
        svgs, pngs = _charts(built.pack, png="docx" in wanted)
        lap("charts")
    if "html" in wanted or "pdf" in wanted:
        from goldenthread.reports.html import render_html

        built.html = render_html(built.pack, svgs)
        if "html" in wanted:
            built.files["html"] = built.html.encode("utf-8")
        lap("html")
    if "pdf" in wanted:
        from goldenthread.reports.pdf import render_pdf

        built.files["pdf"] = render_pdf(built.html, built.pack.snapshot_hash)
        lap("pdf")
    if "docx" in wanted:
        from goldenthread.reports.docx import render_docx

        built.files["docx"] = render_docx(built.pack, pngs, template)
        lap("docx")
    if "xlsx" in wanted:
        from goldenthread.reports.xlsx import render_xlsx

        built.files["xlsx"] = render_xlsx(built.pack)
        lap("xlsx")
    return built

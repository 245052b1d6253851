"""Build a pack from a snapshot: the content once, the charts once (SVG for the
HTML and PDF, PNG for Word), then each format asked for. Works only from the
snapshot, so the same snapshot gives the same bytes."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
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


def _chart_svgs(pack: Pack) -> dict[str, str]:
    """One chart per exception page with figures to draw, by indicator reference."""
    svgs: dict[str, str] = {}
    for group in pack.exceptions:
        for entry in group.entries:
            table = entry.periods
            if table is not None and any(
                cell.due and cell.value.amount is not None
                for row in table.rows
                if not row.is_target
                for cell in row.cells
            ):
                svgs[entry.indicator.reference] = render_svg(chart_spec(table))
    return svgs


def _pdf_elsewhere(html: str, snapshot_hash: str) -> Callable[[], bytes]:
    """Start rendering the PDF in a forked process (WeasyPrint is the long step and
    pure Python: a second core can take it while this one draws the Word charts and
    writes Word and Excel). Returns the function that waits for the bytes."""
    from goldenthread.reports.pdf import PdfUnavailable, render_pdf

    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def child() -> None:
        try:
            sending.send((True, render_pdf(html, snapshot_hash)))
        except BaseException as error:  # the parent raises it, with its message
            sending.send((False, error if isinstance(error, PdfUnavailable) else str(error)))

    process = context.Process(target=child, name="goldenthread-pdf", daemon=True)
    process.start()
    sending.close()

    def result() -> bytes:
        try:
            ok, payload = receiving.recv()
        except EOFError:
            process.join()
            raise RuntimeError(f"the PDF renderer stopped (exit code {process.exitcode})") from None
        process.join()
        if not ok:
            if isinstance(payload, PdfUnavailable):
                raise payload
            raise RuntimeError(f"the PDF could not be rendered: {payload}")
        pdf: bytes = payload
        return pdf

    return result


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """A build makes hundreds of thousands of small, short-lived objects (cells,
    rows, layout boxes) and no reference cycles worth collecting; Python's cyclic
    collector would scan the growing heap again and again, which makes large
    packs grow faster than linearly. Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_pack(
    snapshot: Snapshot,
    formats: Iterable[str] = FORMATS,
    template: Path | None = None,
    *,
    parallel: bool = True,
) -> Built:
    """Render `formats` of the pack for `snapshot` (bytes per format, seconds per step).

    With `parallel` (and where processes can be forked) the PDF renders in a second
    process while Word and Excel are written here; the bytes are the same either way.
    """
    with _no_cyclic_gc():
        return _build(snapshot, tuple(formats), template, parallel)


def _build(
    snapshot: Snapshot, wanted: tuple[str, ...], template: Path | None, parallel: bool
) -> Built:
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        built.seconds[step] = now - clock
        clock = now

    built = Built(assemble(snapshot))
    lap("content")
    svgs: dict[str, str] = {}
    if {"html", "pdf"} & set(wanted):
        svgs = _chart_svgs(built.pack)
        lap("charts")
        from goldenthread.reports.html import render_html  # imported when needed: WeasyPrint
        # and the Word libraries take a second to import, which the web pages need not pay

        built.html = render_html(built.pack, svgs)
        if "html" in wanted:
            built.files["html"] = built.html.encode("utf-8")
        lap("html")
    pdf: Callable[[], bytes] | None = None
    if "pdf" in wanted:
        others = bool({"docx", "xlsx"} & set(wanted))
        if parallel and others and "fork" in multiprocessing.get_all_start_methods():
            pdf = _pdf_elsewhere(built.html, built.pack.snapshot_hash)
        else:
            from goldenthread.reports.pdf import render_pdf

            built.files["pdf"] = render_pdf(built.html, built.pack.snapshot_hash)
            lap("pdf")
    if "docx" in wanted:
        from goldenthread.reports.docx import render_docx

        if not svgs:
            svgs = _chart_svgs(built.pack)
        pngs = {ref: render_png(svg) for ref, svg in svgs.items()}
        built.files["docx"] = render_docx(built.pack, pngs, template)
        lap("docx")
    if "xlsx" in wanted:
        from goldenthread.reports.xlsx import render_xlsx

        built.files["xlsx"] = render_xlsx(built.pack)
        lap("xlsx")
    if pdf is not None:
        built.files["pdf"] = pdf()
        lap("pdf (waited for)")
    built.files = {fmt: built.files[fmt] for fmt in wanted}
    return built

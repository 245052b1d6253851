"""Build a pack from a snapshot: the content once, the charts once (SVG for the
HTML and PDF, PNG for Word), then each format asked for. Works only from the
snapshot, so the same snapshot gives the same bytes."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goldenthread.reports.assemble import assemble
from goldenthread.reports.charts import chart_spec, render_png, render_svg
from goldenthread.reports.content import PackContent, PeriodTable
from goldenthread.reports.sections import kind_of
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
    pack: PackContent
    files: dict[str, bytes] = field(default_factory=dict)
    html: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def _charted(pack: PackContent) -> dict[str, PeriodTable]:
    """The charts every section draws, by their keys."""
    tables: dict[str, PeriodTable] = {}
    for section in pack.sections:
        tables.update(kind_of(section).charts(section))
    return tables


class _Arriving(Mapping[str, str]):
    """Charts as the process drawing them sends them (None: no more)."""

    def __init__(self, queue: Any) -> None:
        self._queue = queue
        self._arrived: dict[str, str] = {}
        self._more = True

    def __getitem__(self, reference: str) -> str:
        while reference not in self._arrived and self._more:
            item = self._queue.get()
            if item is None:
                self._more = False
            else:
                self._arrived[item[0]] = item[1]
        return self._arrived[reference]

    def __iter__(self) -> Iterator[str]:
        return iter(self._arrived)

    def __len__(self) -> int:
        return len(self._arrived)


class _PdfElsewhere:
    """The PDF rendered in a forked process, started before the charts are drawn.

    WeasyPrint is the long step and pure Python: a second core can take it while
    this one draws the charts and writes Word and Excel. It reads and styles the
    whole document first and asks for each chart only when it lays out its page;
    by then this process has drawn it and sent it (`send`)."""

    def __init__(self, html: str, snapshot_hash: str) -> None:
        from goldenthread.reports.pdf import PdfUnavailable, load_renderer, render_pdf

        load_renderer()  # here, not in each child: the next build's child has it loaded
        context = multiprocessing.get_context("fork")
        self._charts = context.Queue()  # put() never waits: a thread feeds the pipe
        self._receiving, sending = context.Pipe(duplex=False)

        def child() -> None:
            try:
                pdf = render_pdf(html, snapshot_hash, _Arriving(self._charts))
                sending.send((True, pdf))
            except BaseException as error:  # the parent raises it, with its message
                sending.send((False, error if isinstance(error, PdfUnavailable) else str(error)))

        self._process = context.Process(target=child, name="goldenthread-pdf", daemon=True)
        self._process.start()
        sending.close()

    def send(self, reference: str, svg: str) -> None:
        self._charts.put((reference, svg))

    def sent_all(self) -> None:
        self._charts.put(None)

    def abandon(self) -> None:
        """This process failed: stop the child, which may be waiting for a chart."""
        self._process.kill()
        self._process.join()
        self._close()

    def result(self) -> bytes:
        """Wait for the PDF's bytes (or raise the child's error)."""
        from goldenthread.reports.pdf import PdfUnavailable

        try:
            ok, payload = self._receiving.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(
                f"the PDF renderer stopped (exit code {self._process.exitcode})"
            ) from None
        finally:
            self._close()
        self._process.join()
        if not ok:
            if isinstance(payload, PdfUnavailable):
                raise payload
            raise RuntimeError(f"the PDF could not be rendered: {payload}")
        pdf: bytes = payload
        return pdf

    def _close(self) -> None:
        self._charts.cancel_join_thread()  # what the child did not read is not needed
        self._charts.close()
        self._receiving.close()


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
    from goldenthread.reports.html import render_html, svg_data_uri  # imported when needed:
    from goldenthread.reports.pdf import chart_address  # WeasyPrint and the Word libraries
    # take a second to import, which the web pages need not pay

    tables = _charted(built.pack)
    pdf_html = ""
    elsewhere: _PdfElsewhere | None = None
    if "pdf" in wanted:
        pdf_html = render_html(built.pack, {ref: chart_address(ref) for ref in tables})
        others = bool({"docx", "xlsx"} & set(wanted))
        if parallel and others and "fork" in multiprocessing.get_all_start_methods():
            elsewhere = _PdfElsewhere(pdf_html, built.pack.snapshot_hash)
    try:
        svgs: dict[str, str] = {}
        for ref, table in tables.items():
            svgs[ref] = render_svg(chart_spec(table))
            if elsewhere is not None:
                elsewhere.send(ref, svgs[ref])
        if elsewhere is not None:
            elsewhere.sent_all()
        lap("charts")
        if "html" in wanted:
            built.html = render_html(
                built.pack, {ref: svg_data_uri(svg) for ref, svg in svgs.items()}
            )
            built.files["html"] = built.html.encode("utf-8")
            lap("html")
        if "pdf" in wanted and elsewhere is None:
            from goldenthread.reports.pdf import render_pdf

            built.files["pdf"] = render_pdf(pdf_html, built.pack.snapshot_hash, svgs)
            lap("pdf")
        if "docx" in wanted:
            from goldenthread.reports.docx import render_docx

            pngs = {ref: render_png(svg) for ref, svg in svgs.items()}
            built.files["docx"] = render_docx(built.pack, pngs, template)
            lap("docx")
        if "xlsx" in wanted:
            from goldenthread.reports.xlsx import render_xlsx

            built.files["xlsx"] = render_xlsx(built.pack)
            lap("xlsx")
    except BaseException:
        if elsewhere is not None:
            elsewhere.abandon()
        raise
    if elsewhere is not None:
        built.files["pdf"] = elsewhere.result()
        lap("pdf (waited for)")
    built.files = {fmt: built.files[fmt] for fmt in wanted}
    return built

"""The pack as a tagged PDF (PDF/UA-1), rendered by WeasyPrint from the same
HTML the application shows: document language and title from the HTML, table
headers and headings tagged, every chart with its alternative text, and the
dates and identifier fixed from the snapshot so a rebuild is byte-identical.

Charts are given by reference (`chart_address`). WeasyPrint sizes a chart's box
from a frame of the charts' fixed size, which refers to the chart itself; it
fetches the chart only when it draws the page, so the PDF can be laid out while
the charts are still being drawn (see `reports.build`). The renderer fetches
nothing else: no file, no network."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goldenthread.reports.charts import HEIGHT, WIDTH

CHART_SCHEME = "goldenthread-chart:"
DRAWING_SCHEME = "goldenthread-chart-drawing:"


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here: the message says what to install."""


def chart_address(reference: str) -> str:
    return CHART_SCHEME + reference


def render_pdf(html: str, snapshot_hash: str, charts: Mapping[str, str]) -> bytes:
    """The PDF for `html`, whose charts (by indicator reference, as SVG) `charts`
    gives; the file identifier is derived from the snapshot's hash."""
    load_renderer()
    import weasyprint

    framed: set[str] = set()
    drawn: set[str] = set()

    class ChartFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(CHART_SCHEME):
                reference = url.removeprefix(CHART_SCHEME)
                framed.add(reference)
                svg = _frame(reference)
            elif url.startswith(DRAWING_SCHEME):
                reference = url.removeprefix(DRAWING_SCHEME)
                svg = charts[reference]
                drawn.add(reference)
            else:
                raise ValueError(f"the pack's PDF fetches nothing but its charts: {url}")
            return weasyprint.urls.URLFetcherResponse(
                url, svg.encode("utf-8"), {"Content-Type": "image/svg+xml"}
            )

    document = weasyprint.HTML(string=html, url_fetcher=ChartFetcher(fail_on_errors=True))
    pdf: bytes = document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=snapshot_hash[:32].encode("ascii"),
    )
    if framed - drawn:  # WeasyPrint logs an image it cannot draw and leaves it blank
        raise ValueError(f"no chart to draw for {', '.join(sorted(framed - drawn))}")
    return pdf


def _frame(reference: str) -> str:
    """The chart's box, of every chart's size, drawing the chart by reference."""
    size = f'width="{WIDTH}" height="{HEIGHT}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<image href="{DRAWING_SCHEME}{reference}" {size}/></svg>'
    )


def load_renderer() -> None:
    """WeasyPrint, imported once (about half a second): a process that forks the PDF
    renderer loads it first, so each renderer it forks starts with it loaded."""
    try:
        import weasyprint  # noqa: F401 (loaded for the renderers to come)
    except OSError as error:  # Pango or HarfBuzz missing from the system
        raise PdfUnavailable(
            "the PDF needs the Pango and HarfBuzz libraries: run scripts/system-packages "
            "as root (or apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            f"libharfbuzz-subset0 fonts-dejavu-core): {error}"
        ) from None
    _remember_page_references()
    _style_pages_by_their_rules()


def _remember_page_references() -> None:
    """Make tagging a long PDF linear again (decision record 0008).

    WeasyPrint tags each structure element with its page through pydyf's
    `PDF.page_references`, a property that builds the list of every page's
    reference anew on each call: a pack of 800 pages and 100,000 tagged
    elements spent most of its PDF time there. The list changes only when a
    page is added (the `Kids` array grows), so it is kept until then. The
    references, and so the PDF's bytes, are the same."""
    import pydyf

    if getattr(pydyf.PDF.page_references, "fget", None) is _page_references:
        return
    pydyf.PDF.page_references = property(_page_references)


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    kept = pdf.__dict__.get("_goldenthread_page_references")
    if kept is None or kept[0] is not kids or kept[1] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        kept = (kids, len(kids), references)
        pdf.__dict__["_goldenthread_page_references"] = kept
    result: tuple[bytes, ...] = kept[2]
    return result


def _style_pages_by_their_rules() -> None:
    """Make styling a long PDF's pages linear (decision record 0008).

    For each page WeasyPrint 70.0 styles the page's margin boxes (header and
    footer) by looking through the cascaded styles of every element of the
    document for the page's own: pages x elements, several seconds in a pack of
    800 pages. The margin boxes a page has are those its `@page` rules name, so
    they are found from those rules instead; the styles, and so the PDF's
    bytes, are the same."""
    from weasyprint.layout import page

    if page.set_page_type_computed_styles is _set_page_type_computed_styles:
        return
    page.set_page_type_computed_styles = _set_page_type_computed_styles


def _set_page_type_computed_styles(page_type: Any, html: Any, style_for: Any) -> None:
    style_for.add_page_declarations(page_type)
    style_for.set_computed_styles(
        page_type, root=html.etree_element, parent=html.etree_element, base_url=html.base_url
    )
    margin_boxes = dict.fromkeys(  # in the rules' order, as WeasyPrint added them
        pseudo_type
        for sheet, _origin, _specificity in style_for._sheets
        for _rule, selectors, _declarations in sheet.page_rules
        for _weight, pseudo_type, page_selector in selectors
        if pseudo_type and style_for._page_type_match(page_selector, page_type)
    )
    cascaded = style_for.get_cascaded_styles()
    for pseudo_type in margin_boxes:
        if (page_type, pseudo_type) in cascaded:
            style_for.set_computed_styles(
                page_type,
                pseudo_type=pseudo_type,
                root=html.etree_element,
                parent=page_type,
                base_url=html.base_url,
            )

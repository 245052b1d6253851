"""The pack's pages: each exception report's heading, tables and chart on one
page where they fit (PDF and Word), the Word contents page, and the snapshot's
hash in "About these figures" only (not on the cover or in a footer)."""

from __future__ import annotations

import io
import re
import zipfile

import pikepdf
import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook
from tests.reports.conftest import indicator, make_snapshot, months, value

from goldenthread.reports.build import build_pack
from goldenthread.reports.docx import DEFAULT_TEMPLATE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def many_exceptions(count: int) -> dict:
    """The test snapshot with `count` more red indicators, each with months and a
    long definition: enough reports that some would be cut by a page's end."""
    snapshot = make_snapshot()
    for number in range(count):
        reference = f"EX-{50 + number}"
        snapshot["indicators"].append(
            indicator(
                reference,
                f"Share of invoices number {number} paid on time",
                definition="How many of the invoices were paid within the agreed terms. " * 6,
            )
        )
        snapshot["figures"].append(
            {
                "indicator": reference,
                "organisation": "LBH",
                "value": value("80.00%", "80.00"),
                "target": "100.00%",
                "target_amount": "100",
                "status": "RED",
                "direction": "DECLINING",
                "movement": "DOWN",
                "last_year": value("90.00%", "90.00"),
                "previous_status": "RED",
                "periods": months([("81%", "81"), ("80%", "80"), ("79%", "79")], "100.00%", "100"),
                "breakdowns": [],
                "commentary": {
                    "reasons": "Staff shortages in the team. " * 8,
                    "difference": "20 points below target.",
                    "remedial_actions": "Agency staff from July. " * 8,
                },
            }
        )
    return snapshot


@pytest.fixture(scope="module")
def built():
    return build_pack(many_exceptions(9), parallel=False)


def structure(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """The tagged elements of the exception reports, in order, with their pages."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    found: list[tuple[str, int]] = []

    def walk(element: pikepdf.Dictionary, page: int) -> None:
        if "/Pg" in element:
            page = pages[element.Pg.objgen]
        kind = str(element.get("/S", ""))
        if kind in ("/H4", "/Table", "/Figure", "/H2", "/H3"):
            found.append((kind, page))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid, page)

    walk(pdf.Root.StructTreeRoot, 0)
    return found


def test_each_exception_reports_heading_tables_and_chart_share_a_page_in_the_pdf(built):
    pdf = pikepdf.open(io.BytesIO(built.files["pdf"]))
    reports: list[list[int]] = []
    for kind, page in structure(pdf):
        if kind == "/H4":
            reports.append([page])
        elif kind in ("/H2", "/H3"):
            reports.append([])  # the next section: nothing of a report
        elif reports and reports[-1]:
            reports[-1].append(page)
    reports = [pages for pages in reports if pages]
    assert len(reports) == 4 + 9  # the test snapshot's four, and nine more
    charted = [pages for pages in reports if len(pages) == 4]  # heading, 2 tables, chart
    assert len(charted) == 2 + 9
    assert len({page for pages in reports for page in pages}) > 5  # they need pages
    for pages in reports:
        assert len(set(pages)) == 1, pages


def body_items(document) -> list[Paragraph | Table]:
    return [
        Paragraph(child, document) if child.tag == f"{W}p" else Table(child, document)
        for child in document.element.body.iterchildren()
        if child.tag in (f"{W}p", f"{W}tbl")
    ]


def kept_with_next(paragraph: Paragraph) -> bool:
    """Keep with next, set on the paragraph or by its style (Heading 3 has it)."""
    own = paragraph.paragraph_format.keep_with_next
    return bool(own if own is not None else paragraph.style.paragraph_format.keep_with_next)


def test_word_keeps_each_exception_reports_heading_tables_and_chart_together(built):
    document = Document(io.BytesIO(built.files["docx"]))
    items = body_items(document)
    headings = [
        n for n, i in enumerate(items) if isinstance(i, Paragraph) and i.style.name == "Heading 3"
    ]
    assert len(headings) == 4 + 9
    charted = 0
    for start in headings:
        caption = next(
            (
                n
                for n in range(start, len(items))
                if getattr(items[n], "style", None) and items[n].style.name == "Caption"
            ),
            None,
        )
        following = items[start:caption]
        tables = [i for i in following if isinstance(i, Table)]
        if caption is None or len(tables) != 2:
            continue  # no months, no chart: heading and outturn only
        charted += 1
        for item in following:
            if isinstance(item, Paragraph):
                assert kept_with_next(item), item.text
                continue
            for row in item.rows:
                properties = row._tr.trPr
                assert properties is not None
                assert properties.find(f"{W}cantSplit") is not None
                for cell in row.cells:
                    assert all(kept_with_next(p) for p in cell.paragraphs)
        chart = following[-1]
        assert isinstance(chart, Paragraph) and chart._p.xpath(".//w:drawing")
        assert chart.paragraph_format.keep_together
    assert charted == 2 + 9


def test_the_word_pack_has_a_contents_page_that_word_fills_in_on_opening(built):
    data = built.files["docx"]
    document = Document(io.BytesIO(data))
    items = [i for i in body_items(document) if isinstance(i, Paragraph)]
    heading = next(n for n, p in enumerate(items) if p.style.name == "TOC Heading")
    assert items[heading].text == "Contents"
    style = items[heading].style  # a page of its own: the style is Heading 1's, which
    assert style.base_style.name == "Heading 1"  # starts a page
    assert style.base_style.paragraph_format.page_break_before
    # a table of contents field of headings 1-3, linked ...
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert re.findall(r"<w:instrText[^>]*>([^<]*)<", xml) == [' TOC \\o "1-3" \\h \\z \\u ']
    assert [m for m in re.findall(r'w:fldCharType="(\w+)"', xml)] == ["begin", "separate", "end"]
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings  # ... which Word updates on opening
    # ... showing, until then, every heading the document has, at its level, in order
    listed = [
        (int(p.style.style_id.removeprefix("TOC")), p.text)
        for p in items[heading + 2 :]
        if p.style.style_id.startswith("TOC") and p.text
    ]
    levels = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3}
    headings = [(levels[p.style.name], p.text) for p in items if p.style.name in levels]
    assert listed == headings
    assert (3, "% of payroll payments made on time (EX-10, Payroll)") in listed
    assert listed[-1] == (2, "About these figures")
    assert "Word updates" in items[heading + 1].text  # the note the update replaces


def test_the_snapshot_hash_is_in_about_these_figures_only(built):
    full = built.pack.snapshot_hash
    short = full[:12]
    html = built.files["html"].decode()
    visible = html.split("<main>", 1)[1]
    about = visible.index('id="data"')
    assert short not in visible[:about]  # not on the cover or anywhere before
    assert full in visible[about:]
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@bottom-left" not in style and short not in style  # no page footer has it

    document = Document(io.BytesIO(built.files["docx"]))
    for section in document.sections:
        for part in (section.footer, section.header, section.first_page_footer):
            assert short not in "".join(p.text for p in part.paragraphs)
            assert "Snapshot" not in "".join(p.text for p in part.paragraphs)
    texts = [p.text for p in document.paragraphs]
    about = texts.index("About these figures")
    assert not any(short in t for t in texts[:about])
    assert any(full in t for t in texts[about:])

    book = load_workbook(io.BytesIO(built.files["xlsx"]))
    facts = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert facts["Snapshot (SHA-256)"] == full
    for sheet in book.worksheets:
        assert short not in (sheet.oddFooter.left.text or "") + (sheet.oddFooter.center.text or "")


def test_the_default_word_template_has_no_hash_in_its_footer_or_cover():
    template = Document(str(DEFAULT_TEMPLATE))
    footer = "".join(p.text for p in template.sections[0].footer.paragraphs)
    assert footer == "Page  of "  # the page number fields fill the gaps
    texts = [p.text for p in template.paragraphs]
    assert not any("snapshot" in t.lower() for t in texts[: texts.index("Contents")])

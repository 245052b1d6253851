"""Each format as its reader gets it: the HTML's accessibility basics, the
PDF's tags (pikepdf), the Word template filled (python-docx), the workbook's
typed cells and formula safety (openpyxl), and byte-identical rebuilds."""

from __future__ import annotations

import io
import re
import zipfile

import pikepdf
import pydyf
import pytest
from docx import Document
from openpyxl import load_workbook
from tests.reports.conftest import HOSTILE, make_snapshot
from weasyprint.layout import page as weasyprint_page

from goldenthread.reports.build import PackFormatError, build_pack, parse_formats
from goldenthread.reports.content import NOT_DUE

# pydyf's own property, taken before goldenthread's PDF renderer replaces it
ORIGINAL_PAGE_REFERENCES = pydyf.PDF.__dict__["page_references"]
# and WeasyPrint's own page styling, before it replaces that too
ORIGINAL_PAGE_STYLES = weasyprint_page.set_page_type_computed_styles


@pytest.fixture(scope="module")
def built():
    return build_pack(make_snapshot())


def test_html_is_accessible_by_construction(built):
    html = built.files["html"].decode()
    assert '<html lang="en-GB">' in html
    assert "<title>oneSource performance information: 2019/20 Q1</title>" in html
    assert html.count("<h1>") == 1
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 2  # the exception pages with months: EX-10 and EX-02
    for image in images:
        assert re.search(r'alt="Line chart of [^"]+"', image), image
    assert "<td" in html and '<th scope="col"' in html and '<th scope="row"' in html
    # status in words, colour only repeating it
    assert 'class="status status--red">Red</td>' in html
    assert "Three election payrolls in June." in html
    assert "&lt;" not in built.pack.title
    assert html.count('<td class="notdue" colspan="9">not yet due</td>') == 3


def test_pdf_is_tagged_pdf_ua_with_language_title_headers_and_alt_text(built):
    pdf = pikepdf.open(io.BytesIO(built.files["pdf"]))
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-GB"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo["/Title"]) == "oneSource performance information: 2019/20 Q1"
    with pdf.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"
        assert xmp.get("dc:title") == "oneSource performance information: 2019/20 Q1"
    tags: dict[str, list] = {}

    def walk(element):
        kind = element.get("/S")
        if kind is not None:
            tags.setdefault(str(kind), []).append(element)
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)
        elif isinstance(kids, pikepdf.Dictionary):
            walk(kids)

    walk(root.StructTreeRoot)
    assert {"/H1", "/H2", "/H3", "/H4", "/Table", "/TH", "/TD", "/Figure"} <= set(tags)
    figures = tags["/Figure"]
    assert len(figures) == 2
    for figure in figures:
        assert str(figure.Alt).startswith("Line chart of ")
    cells_with_headers = [td for td in tags["/TD"] if "/Headers" in td.get("/A", {})]
    assert len(cells_with_headers) > 100
    # the months not yet due, one cell per council, tagged as spanning Jul-19 to Mar-20
    spans = [int(td.A.ColSpan) for td in tags["/TD"] if "/ColSpan" in td.get("/A", {})]
    assert spans == [9, 9, 9]  # EX-10 (LBH, LBN) and EX-02 (LBH)


def test_word_document_fills_the_default_template(built):
    document = Document(io.BytesIO(built.files["docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "oneSource performance information" in text
    assert "Exception reports" in text and "Three election payrolls in June." in text
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {"98.54%", "Amber", "Apr-19", "Mar-20", NOT_DUE} <= cells
    assert "{{" not in text and not any("{%" in c or "{{" in c for c in cells)
    xml = zipfile.ZipFile(io.BytesIO(built.files["docx"])).read("word/document.xml").decode()
    descriptions = re.findall(r'descr="([^"]*)"', xml)
    assert len(descriptions) == 2 and all(d.startswith("Line chart of ") for d in descriptions)
    # each picture's relationship (added with goldenthread's own id) resolves to its PNG
    pictures = document.inline_shapes
    for picture in pictures:
        embedded = picture._inline.graphic.graphicData.pic.blipFill.blip.embed
        assert document.part.related_parts[embedded].content_type == "image/png"
    assert len(pictures) == 2
    assert document.core_properties.created.isoformat().startswith("2019-07-20T09:00")
    header = document.sections[0].header.paragraphs[0].text
    assert header == "oneSource performance information: 2019/20 Q1"


def test_the_word_body_is_the_one_docxtpl_would_make(built, monkeypatch):
    """goldenthread puts the filled body into the document by parsing it (linear)
    instead of docxtpl's move (quadratic): the document holds the same XML."""
    from docxtpl import DocxTemplate
    from lxml import etree

    from goldenthread.reports import docx as word

    def elements(data):
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        return [(e.tag, dict(e.attrib), e.text, e.tail) for e in etree.fromstring(xml).iter()]

    monkeypatch.setattr(word._Template, "map_tree", DocxTemplate.map_tree)
    docxtpl_made = build_pack(make_snapshot(), ["docx"]).files["docx"]
    assert elements(built.files["docx"]) == elements(docxtpl_made)
    assert len(elements(docxtpl_made)) > 1000


def test_another_word_template_is_used_instead(tmp_path):
    template = Document()
    template.add_paragraph("MARKER-TEXT from democratic services: {{ title }}, {{ period }}")
    template.add_paragraph("{%p for group in exceptions %}")
    template.add_paragraph("Directorate: {{ group.directorate }}")
    template.add_paragraph("{%p endfor %}")
    path = tmp_path / "ours.docx"
    template.save(path)
    built = build_pack(make_snapshot(), ["docx"], template=path)
    text = [p.text for p in Document(io.BytesIO(built.files["docx"])).paragraphs]
    assert text == [
        "MARKER-TEXT from democratic services: oneSource performance information, 2019/20 Q1",
        "Directorate: Exchequer and Transactional",
        "Directorate: HROD",
    ]


def test_workbook_has_typed_cells_frozen_headers_and_no_formulas(built):
    book = load_workbook(io.BytesIO(built.files["xlsx"]))
    assert book.sheetnames == [
        "About",
        "Summary",
        "Key",
        "Met target",
        "Exceptions",
        "Commentary",
        "Months",
        "All figures",
        "Volumetric",
    ]
    figures = book["All figures"]
    assert figures.freeze_panes == "A2"
    header = [c.value for c in figures[1]]
    first = dict(zip(header, (c for c in figures[2]), strict=True))
    assert first["Ref"].value == "EX-10"
    assert first["Value"].data_type == "n" and first["Value"].value == pytest.approx(0.9854)
    assert first["Value"].number_format == "0.00%"
    assert first["Judged against"].value == pytest.approx(1.0)
    assert first["Status"].value == "Amber"
    assert first["Remedial actions"].value == HOSTILE  # kept as text ...
    assert first["Remedial actions"].data_type == "s"  # ... never a formula
    assert first["Remedial actions"].quotePrefix  # ... not even after an edit in Excel
    assert not first["Ref"].quotePrefix  # only text that starts like a formula
    days = next(row for row in figures.iter_rows(min_row=2) if row[0].value == "EX-02")
    assert days[7].value == pytest.approx(22.3) and days[7].number_format == '0.0 "days"'
    months = book["Months"]
    assert months.freeze_panes == "A2"
    assert months.max_row - 1 == 12 * 3  # three figures with months
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    raw = zipfile.ZipFile(io.BytesIO(built.files["xlsx"]))
    assert not any(b"<f>" in raw.read(n) for n in raw.namelist() if n.startswith("xl/worksheets"))


def test_the_same_snapshot_gives_the_same_bytes_in_every_format(built):
    again = build_pack(make_snapshot())
    for fmt in ("html", "pdf", "docx", "xlsx"):
        assert again.files[fmt] == built.files[fmt], fmt


def test_formats_are_read_from_a_list_and_unknown_ones_named():
    assert parse_formats("pdf, HTML,pdf") == ("pdf", "html")
    with pytest.raises(PackFormatError, match="unknown format odt"):
        parse_formats("html,odt")


def test_the_pdf_rendered_in_a_second_process_is_the_same_pdf(built):
    alone = build_pack(make_snapshot(), ["pdf", "xlsx"], parallel=False)
    assert alone.files["pdf"] == built.files["pdf"]
    assert list(alone.files) == ["pdf", "xlsx"]


def test_page_references_kept_between_pages_give_the_same_pdf(monkeypatch):
    """The workaround for pydyf rebuilding every page reference per tagged element
    (decision record 0008) changes the time, never the bytes."""
    from goldenthread.reports import pdf

    assert ORIGINAL_PAGE_REFERENCES.fget is not pdf._page_references
    patched = build_pack(make_snapshot(), ["pdf"]).files["pdf"]
    monkeypatch.setattr(pydyf.PDF, "page_references", ORIGINAL_PAGE_REFERENCES)
    monkeypatch.setattr(pdf, "_remember_page_references", lambda: None)
    assert build_pack(make_snapshot(), ["pdf"]).files["pdf"] == patched
    assert len(pikepdf.open(io.BytesIO(patched)).pages) > 1


def test_pages_styled_from_their_own_rules_give_the_same_pdf(monkeypatch):
    """The workaround for WeasyPrint looking through every element's styles for each
    page's header and footer (decision record 0008) changes the time, never the bytes:
    the pack's first page has none, the others four."""
    from goldenthread.reports import pdf

    assert ORIGINAL_PAGE_STYLES is not pdf._set_page_type_computed_styles
    patched = build_pack(make_snapshot(), ["pdf"]).files["pdf"]
    assert weasyprint_page.set_page_type_computed_styles is pdf._set_page_type_computed_styles
    monkeypatch.setattr(weasyprint_page, "set_page_type_computed_styles", ORIGINAL_PAGE_STYLES)
    monkeypatch.setattr(pdf, "_style_pages_by_their_rules", lambda: None)
    assert build_pack(make_snapshot(), ["pdf"]).files["pdf"] == patched
    assert len(pikepdf.open(io.BytesIO(patched)).pages) > 1


def test_page_references_follow_each_page_added():
    from goldenthread.reports import pdf

    pdf._remember_page_references()
    document = pydyf.PDF()
    assert document.page_references == ()
    for count in (1, 2, 3):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert document.page_references == ORIGINAL_PAGE_REFERENCES.fget(document)
        assert len(document.page_references) == count


def test_the_pdf_renderer_fetches_nothing_but_the_pack_charts(tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    from goldenthread.reports.pdf import render_pdf

    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    html = f'<html lang="en"><title>t</title><img src="{secret.as_uri()}" alt="x"></html>'
    with pytest.raises(FatalURLFetchingError, match=r"secret\.svg"):
        render_pdf(html, "a" * 64, {})


def test_the_pdf_draws_each_chart_into_a_frame_fetched_before_it(tmp_path):
    """WeasyPrint sizes a chart from its frame, then fetches the chart when it draws
    the page; a chart that is missing then is an error, not an empty box."""
    from goldenthread.reports.charts import HEIGHT, WIDTH
    from goldenthread.reports.pdf import chart_address, render_pdf

    asked: list[str] = []

    class Charts(dict):
        def __getitem__(self, reference):
            asked.append(reference)
            return super().__getitem__(reference)

    chart = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}">'
        '<rect width="10" height="10" fill="#1d70b8"/></svg>'
    )
    html = f'<html lang="en"><title>t</title><img src="{chart_address("AM-01")}" alt="x"></html>'
    pdf = pikepdf.open(io.BytesIO(render_pdf(html, "a" * 64, Charts({"AM-01": chart}))))
    assert asked == ["AM-01"]
    page = pdf.pages[0].Contents.read_bytes()
    # the frame's box, at the charts' size, and the chart's blue square drawn in it
    assert f"0 0 {WIDTH} {HEIGHT} re".encode() in page
    assert b"0.113725 0.439216 0.721569 rg" in page
    with pytest.raises(ValueError, match="no chart to draw for AM-01"):
        render_pdf(html, "a" * 64, {})


def test_a_chart_that_cannot_be_drawn_stops_the_pdf_process_too(monkeypatch):
    import multiprocessing

    from goldenthread.reports import build

    drawn = []

    def failing(spec):
        if drawn:
            raise RuntimeError("the chart engine failed")
        drawn.append(spec)
        return '<svg xmlns="http://www.w3.org/2000/svg"/>'

    monkeypatch.setattr(build, "render_svg", failing)
    with pytest.raises(RuntimeError, match="chart engine failed"):
        build_pack(make_snapshot(), ["pdf", "xlsx"])
    assert multiprocessing.active_children() == []


def test_the_default_word_template_tables_fit_the_page_with_one_width_per_column():
    """Word reads each cell's width, LibreOffice the table's grid: they must agree,
    and fit between the margins."""
    from goldenthread.reports.docx import DEFAULT_TEMPLATE

    template = Document(str(DEFAULT_TEMPLATE))
    section = template.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    fixed = [t for t in template.tables if len(t.columns) > 4]  # the month table grows
    assert len(fixed) >= 6
    for table in fixed:
        grid = [column.width for column in table.columns]
        assert sum(grid) <= text_width
        assert [cell.width for cell in table.rows[0].cells] == grid

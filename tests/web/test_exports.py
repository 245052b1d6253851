"""Every table's download (the overview's summary and indicators, the
progress page, the register, an indicator's figures), as CSV and Excel: the
rows the page shows for the same query string and no more (the councils the
person may see, figures before approval as the page shows them), typed cells,
text that starts like a formula kept as text, and a file name safe in a header."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.factories import ReturnFactory, ServiceAreaFactory, figure, indicator

from goldenthread.reporting.models import ReportingRules

FORMATS = ["csv", "xlsx"]
Q1 = "period=2019/20+Q1"


def rows_of(response, file_format: str) -> list[list]:
    """The downloaded table: a list of rows, headings first (CSV cells as text,
    Excel cells as their values)."""
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def cells_of(response) -> list[list]:
    """The Excel download's cells (for their types and formats)."""
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]


def export(client, name: str, file_format: str, query: str = Q1, args=()):
    url = reverse(name, args=[*args, file_format])
    return client.get(f"{url}?{query}" if query else url)


def keyed(rows: list[list], *columns: str) -> list[tuple]:
    """The named columns of each row (after the headings)."""
    places = [rows[0].index(c) for c in columns]
    return [tuple(row[p] for p in places) for row in rows[1:]]


# --- the overview ------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize(
    "query",
    [
        Q1,
        f"{Q1}&organisation=LBN",
        f"{Q1}&status=red",
        f"{Q1}&tier=all",
        f"{Q1}&q=payroll",
        f"{Q1}&q=no+such+words",
        "period=2019/20+Q2",
    ],
)
def test_the_overview_download_holds_the_rows_the_page_shows(client_for, query, file_format):
    client = client_for("performance")
    page = client.get(reverse("overview:home") + "?" + query).context["view"]
    rows = rows_of(export(client, "overview_exports:figures", file_format, query), file_format)
    assert rows[0] == [
        "Directorate",
        "Service area",
        "Reference",
        "Indicator",
        "Council",
        "Unit",
        "Last year",
        page.quarter.label,
        "Not yet approved",
        "Target",
        "Status",
        "Direction",
    ]
    shown = [(r.indicator.reference, r.organisation.code) for r in page.rows]
    assert keyed(rows, "Reference", "Council") == shown


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_overview_download_has_typed_figures(client_for, file_format):
    response = export(
        client_for("performance"), "overview_exports:figures", file_format, f"{Q1}&organisation=LBN"
    )
    rows = rows_of(response, file_format)
    payroll = next(row for row in rows if row[2] == "EX-02")
    quarter, status = payroll[7], payroll[10]
    assert status == "Amber"  # (99.99 + 99.99 + 95.63) / 3 = 98.54% against 100%
    if file_format == "csv":
        assert quarter == "98.54%"
    else:
        assert quarter == pytest.approx(0.9854)
        cell = next(row[7] for row in cells_of(response) if row[2].value == "EX-02")
        assert cell.data_type == "n" and cell.number_format == "0.00%"


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_summary_download_counts_as_the_page_does(client_for, file_format):
    client = client_for("performance")
    page = client.get(reverse("overview:home") + f"?{Q1}").context["view"]
    rows = rows_of(export(client, "overview_exports:summary", file_format), file_format)
    assert rows[0][:4] == ["Council", "Green", "Amber", "Red"]
    assert rows[0][-1] == "Green of rated"
    expected = [[s.organisation, *s.counts[:3], s.total] for s in page.summary]
    picked = [[r[0], r[1], r[2], r[3], r[7]] for r in rows[1:]]
    if file_format == "csv":
        expected = [[str(cell) for cell in row] for row in expected]
    assert picked == expected


def test_the_file_is_named_after_the_page_its_period_and_council(client_for):
    response = export(
        client_for("performance"), "overview_exports:figures", "xlsx", f"{Q1}&organisation=LBN"
    )
    assert response["Content-Disposition"] == 'attachment; filename="overview-2019-20-q1-lbn.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = export(client_for("performance"), "overview_exports:summary", "csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="overview-summary-2019-20-q1.csv"'
    )


# --- who sees what -----------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_reader_downloads_only_their_council(client_for, file_format):
    client = client_for("councillor.lbh")
    for name in ("overview_exports:figures", "overview_exports:progress"):
        rows = rows_of(export(client, name, file_format), file_format)
        assert {row[rows[0].index("Council")] for row in rows[1:]} == {"LBH"}, name
    summary = rows_of(export(client, "overview_exports:summary", file_format), file_format)
    assert [row[0] for row in summary[1:]] == ["LBH"]
    figures = rows_of(
        export(client, "overview_exports:indicator", file_format, Q1, args=["EX-02"]), file_format
    )
    assert {row[0] for row in figures[1:]} == {"LBH"}


@pytest.mark.parametrize(
    "name", ["overview_exports:figures", "overview_exports:summary", "overview_exports:progress"]
)
def test_another_councils_figures_cannot_be_asked_for_in_the_query_string(client_for, name):
    client = client_for("councillor.lbh")
    assert export(client, name, "csv", f"{Q1}&organisation=LBN").status_code == 404
    assert export(client, name, "xlsx", f"{Q1}&organisation=lbn").status_code == 404


def test_an_indicators_figures_for_another_council_are_not_given(client_for):
    """The indicator page falls back to the councils the person sees; so does its download."""
    rows = rows_of(
        export(
            client_for("councillor.lbh"),
            "overview_exports:indicator",
            "csv",
            f"{Q1}&organisation=LBN",
            args=["EX-02"],
        ),
        "csv",
    )
    assert {row[0] for row in rows[1:]} == {"LBH"}


def test_downloads_are_for_people_signed_in_and_answer_only_get(client, client_for):
    url = reverse("overview_exports:figures", args=["csv"]) + f"?{Q1}"
    response = client.get(url)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert client_for("performance").post(url).status_code == 405


def test_an_unknown_format_or_indicator_is_not_found(client_for):
    client = client_for("performance")
    assert client.get("/overview.pdf").status_code == 404
    assert export(client, "overview_exports:indicator", "csv", args=["NO-SUCH"]).status_code == 404


@pytest.fixture
def sent_back(world):
    """LBN's Payroll return for 2019/20 Q1, sent back by the director: its figures
    await approval."""
    return ReturnFactory(
        organisation=world.lbn, service_area=world.payroll, status="sent-back", reason="Wrong month"
    )


def payroll_lbn(rows: list[list]) -> list:
    return next(row for row in rows[1:] if row[2] == "EX-02" and row[4] == "LBN")


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_reader_does_not_download_figures_awaiting_approval(client_for, sent_back, file_format):
    client = client_for("s151")
    rows = rows_of(export(client, "overview_exports:figures", file_format), file_format)
    blank = "" if file_format == "csv" else None
    assert payroll_lbn(rows)[6:] == [blank, blank, "Awaiting approval", blank, blank, blank]
    summary = rows_of(export(client, "overview_exports:summary", file_format), file_format)
    lbn = next(row for row in summary if row[0] == "LBN")
    assert lbn[2] in ("0", 0)  # the amber payroll figure is not counted
    figures = rows_of(
        export(client, "overview_exports:indicator", file_format, args=["EX-02"]), file_format
    )
    lbn_rows = [row for row in figures[1:] if row[0] == "LBN"]
    assert lbn_rows == [["LBN", "2019/20 Q1", "%", blank, "Awaiting approval", blank, blank, blank]]


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_team_downloads_drafts_marked_and_readers_provisional_ones(
    client_for, sent_back, file_format
):
    team = rows_of(
        export(client_for("performance"), "overview_exports:figures", file_format), file_format
    )
    assert payroll_lbn(team)[8] == "Sent back"
    assert payroll_lbn(team)[10] == "Amber"
    ReportingRules.objects.update_or_create(id=1, defaults={"provisional_to_readers": True})
    reader = rows_of(
        export(client_for("s151"), "overview_exports:figures", file_format), file_format
    )
    assert payroll_lbn(reader)[8] == "Provisional"
    assert payroll_lbn(reader)[10] == "Amber"


# --- text that starts like a formula ------------------------------------------


@pytest.fixture
def formula_like(world):
    """An indicator whose words start like formulas, and a figure of -3."""
    area = ServiceAreaFactory(directorate=world.exchequer, name="@SUM(A1:A9)")
    made = indicator(
        "-3",
        "=1+1",
        area,
        unit="number",
        polarity="up",
        aggregation="mean",
        decimals=0,
        organisations=[world.lbh],
        targets={world.lbh: "+44"},
    )
    for month in ((2019, 4), (2019, 5), (2019, 6)):
        figure(made, world.lbh, month, "-3")
    return made


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("overview_exports:figures", []),
        ("register_export:table", []),
        ("overview_exports:indicator", ["-3"]),
    ],
)
def test_text_that_starts_like_a_formula_stays_text_and_a_negative_number_is_a_number(
    client_for, formula_like, name, args
):
    client = client_for("performance")
    csv_rows = rows_of(export(client, name, "csv", args=args), "csv")
    text = {cell for row in csv_rows[1:] for cell in row}
    if name != "overview_exports:indicator":
        assert {"'=1+1", "'@SUM(A1:A9)", "-3"} <= text  # -3 and +44 are plain numbers
        assert "=1+1" not in text and "@SUM(A1:A9)" not in text
    response = export(client, name, "xlsx", args=args)
    cells = [cell for row in cells_of(response)[1:] for cell in row]
    for written in ("=1+1", "@SUM(A1:A9)", "-3", "+44"):
        for cell in (c for c in cells if c.value == written):
            assert cell.data_type == "s" and cell.quotePrefix, (name, written)
    if name == "overview_exports:indicator":
        assert {"-3", "+44"} <= text  # the figure and the target as written
        numbers = [c for c in cells if c.data_type == "n" and c.value == -3]
        assert numbers, "the figure -3 is a number"


# --- the progress page --------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("query", [Q1, f"{Q1}&organisation=LBH", f"{Q1}&state=missing"])
def test_the_progress_download_holds_the_pages_rows(client_for, world, query, file_format):
    ReturnFactory(organisation=world.lbn, service_area=world.payroll, status="submitted")
    client = client_for("performance")
    sections = client.get(reverse("overview:progress") + "?" + query).context["sections"]
    rows = rows_of(export(client, "overview_exports:progress", file_format, query), file_format)
    assert rows[0][:7] == [
        "Submission",
        "Council",
        "Directorate",
        "Service area",
        "Responsible officer",
        "Indicators",
        "State",
    ]
    page = [(r.organisation.code, r.service_area.name, r.state) for s in sections for r in s.rows]
    assert keyed(rows, "Council", "Service area", "State") == page
    due = {r.due_on for s in sections for r in s.rows}
    downloaded = {row[rows[0].index("Due")] for row in rows[1:]}
    if file_format == "csv":
        assert downloaded == {d.isoformat() for d in due}
    else:
        assert downloaded == {datetime.datetime.combine(d, datetime.time()) for d in due}
        overdue = {row[rows[0].index("Days overdue")] for row in rows[1:]}
        assert all(isinstance(days, int) for days in overdue)


def test_the_progress_download_names_the_officers(client_for):
    rows = rows_of(
        export(
            client_for("performance"), "overview_exports:progress", "csv", f"{Q1}&state=missing"
        ),
        "csv",
    )
    lbh_payroll = next(row for row in rows if row[1] == "LBH" and row[3] == "Payroll")
    assert lbh_payroll[4] == "officer.lbh"


# --- the register -------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("query", ["", "retired=1", "q=payroll", "q=%25"])
def test_the_register_download_holds_the_pages_rows(client_for, world, query, file_format):
    world.possession.retired_on = datetime.date(2020, 3, 31)
    world.possession.save()
    client = client_for("councillor.lbh")
    page = client.get(reverse("indicators:list") + "?" + query).context["indicators"]
    rows = rows_of(export(client, "register_export:table", file_format, query), file_format)
    assert rows[0][:4] == ["Directorate", "Service area", "Reference", "Indicator"]
    assert [row[2] for row in rows[1:]] == [i.reference for i in page]
    if "EX-02" in [row[2] for row in rows]:
        assert next(row for row in rows if row[2] == "EX-02")[7] == "LBH LBN"
    if "retired" in query:
        retired = next(row for row in rows if row[2] == "LG-01")[-1]
        assert retired == ("2020-03-31" if file_format == "csv" else datetime.datetime(2020, 3, 31))


# --- an indicator's figures ---------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_indicators_download_has_the_quarter_last_year_and_the_months(client_for, file_format):
    response = export(
        client_for("performance"), "overview_exports:indicator", file_format, args=["EX-01"]
    )
    rows = rows_of(response, file_format)
    assert rows[0] == [
        "Council",
        "Period",
        "Unit",
        "Figure",
        "Not yet approved",
        "Target",
        "Status",
        "Direction",
    ]
    periods = [row[1] for row in rows[1:]]
    assert periods[:5] == ["2019/20 Q1", "2018/19", "Apr-19", "May-19", "Jun-19"]
    assert len(periods) == 2 + 12  # the quarter, last year, every month of the year
    figures = {row[1]: row[3] for row in rows[1:]}
    if file_format == "csv":
        assert figures["2019/20 Q1"] == "22.3"  # (21 + 24 + 22) / 3 days, 1 place
        assert figures["2018/19"] == "19.6"
        assert figures["Jul-19"] == "Future month"
    else:
        assert figures["2019/20 Q1"] == pytest.approx(22.3)
        assert figures["Apr-19"] == 21
    assert response["Content-Disposition"] == 'attachment; filename="ex-01-2019-20-q1-lbh.' + (
        file_format + '"'
    )


# --- hostile query strings ----------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 20000,
        "period=" + "9" * 5000,
        "directorate=" + "9" * 400 + "&service_area=-1&tier=%00&status=%3D1%2B1",
        "organisation=" + "%00" * 100,
        "&".join(f"junk{n}=%3D1%2B1" for n in range(500)),
    ],
)
def test_huge_or_malformed_query_strings_answer_as_the_page_does(client_for, query):
    client = client_for("performance")
    page = client.get(reverse("overview:home") + "?" + query)
    response = export(client, "overview_exports:figures", "csv", query)
    assert response.status_code == page.status_code
    if page.status_code == 200:
        rows = rows_of(response, "csv")
        shown = [(r.indicator.reference, r.organisation.code) for r in page.context["view"].rows]
        assert keyed(rows, "Reference", "Council") == shown


# --- the links on the pages ---------------------------------------------------


@pytest.mark.parametrize(
    ("page", "export_name", "args"),
    [
        ("overview:home", "overview_exports:figures", []),
        ("overview:home", "overview_exports:summary", []),
        ("overview:progress", "overview_exports:progress", []),
        ("indicators:list", "register_export:table", []),
        ("indicators:detail", "overview_exports:indicator", ["EX-02"]),
    ],
)
def test_each_page_links_to_its_download_with_its_own_query_string(
    client_for, page, export_name, args
):
    query = "period=2019%2F20+Q1&organisation=LBH"
    html = client_for("performance").get(reverse(page, args=args) + "?" + query).content.decode()
    for file_format in FORMATS:
        url = reverse(export_name, args=[*args, file_format])
        assert f'href="{url}?{query.replace("&", "&amp;")}"' in html, (page, file_format)
    assert "Download this table" in html

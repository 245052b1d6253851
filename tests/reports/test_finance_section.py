"""The finance section of the pack from a hand-written part (no database): seed
001's Period 5 2019/20 summary (lines 266-274: shared 0.138 / 0.223 / 0.071 =
0.432; non-shared 0.177 / 0.172 / (0.114) = 0.235; total 0.667) and reserve
table (lines 283-294: Bexley (63,112) -> (58,112) -> 12,888), from lines whose
per-line split is illustrative (chosen to add up to the seed's figures, after
its narrative, lines 236-264); the main variances; what changed since the last
pack; the sample; and each of the four formats."""

from __future__ import annotations

import copy
import io
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from tests.reports.conftest import HOSTILE, make_snapshot

from goldenthread.reports.assemble import assemble
from goldenthread.reports.build import build_pack
from goldenthread.reports.finance import finance_changes, finance_sample
from goldenthread.reports.sections import changes_between, sample_of

PARTNERS = [
    {"code": "LBB", "name": "Bexley"},
    {"code": "LBH", "name": "Havering"},
    {"code": "LBN", "name": "Newham"},
]


def line(
    code: str,
    name: str,
    service: str,
    variance: int,
    *,
    council: str | None = None,
    parts: dict[str, int] | None = None,
    budget: int = 1_000_000,
    moved: int = 0,
    explanation: str = "",
) -> dict[str, Any]:
    """A line with `variance` (its forecast less its budget); `moved`: how much
    worse than at the period before."""
    return {
        "code": code,
        "name": name,
        "service": service,
        "council": council,
        "budget": f"{budget}.00",
        "forecast": f"{budget + variance}.00",
        "previous": f"{budget + variance - moved}.00",
        "explanation": explanation or f"Why {name} varies.",
        "entered": True,
        "parts": {p: str(a) for p, a in (parts or {}).items()},
        "basis": "" if council else "Formula share",
        "problem": "",
    }


def finance_part(councils: tuple[str, ...] = ("LBB", "LBH", "LBN")) -> dict[str, Any]:
    shared = [
        line(
            "AM1",
            "Commercial property",
            "Asset Management",
            306_000,
            parts={"LBB": 0, "LBH": 135_000, "LBN": 171_000},
            moved=40_000,
            explanation="Shortfall of internal recharge income against target (HRA, capital).",
        ),
        line(
            "HR1",
            "Human Resources",
            "HR",
            213_000,
            parts={"LBB": 0, "LBH": 68_000, "LBN": 145_000},
            explanation="Demand exceeding establishment.",
        ),
        line(
            "TS1",
            "Transactional services",
            "Exchequer and Transactional",
            -208_000,
            parts={"LBB": 0, "LBH": -84_000, "LBN": -124_000},
            explanation="Vacancy management and enforcement income.",
        ),
        line(
            "EN1",
            "Enforcement",
            "Exchequer and Transactional",
            60_000,
            parts={"LBB": 60_000, "LBH": 0, "LBN": 0},
            explanation="Too few Bexley cases passed to the enforcement team.",
        ),
        line(
            "OT1",
            "Other shared lines",
            "Strategic and Operational Finance",
            61_000,
            parts={"LBB": 11_000, "LBH": 19_000, "LBN": 31_000},
            explanation=HOSTILE,
        ),
    ]
    own = {
        "LBH": [
            ("H1", "Romford Market", 244_000),
            ("H2", "Passenger Transport", 205_000),
            ("H3", "Commercial property income", -302_000),
            ("H4", "ICT", 150_000),
            ("H5", "Exchequer services", -224_000),
            ("H6", "Other Havering lines", 104_000),
        ],
        "LBN": [
            ("N1", "Dockside NNDR", 530_000),
            ("N2", "Stratford Workshops litigation", 270_000),
            ("N3", "Corporate landlord", -500_000),
            ("N4", "Corporate apprenticeships", -186_000),
            ("N5", "Other Newham lines", 58_000),
        ],
        "LBB": [
            ("B1", "New Burdens funding", -120_000),
            ("B2", "Assessor vacancy", -26_000),
            ("B3", "Inflation growth clawback", 34_000),
            ("B4", "Other Bexley lines", -2_000),
        ],
    }
    lines = shared + [
        line(code, name, f"{council} services", variance, council=council)
        for council in councils
        for code, name, variance in own[council]
    ]
    return {
        "service": {"code": "OS", "name": "oneSource"},
        "year": 2019,
        "year_label": "2019/20",
        "period": 5,
        "label": "Period 5 2019/20 (August 2019)",
        "previous": "Period 4 2019/20 (July 2019)",
        "partners": PARTNERS,
        "councils": list(councils),
        "lines": lines,
        "reserves": {
            "opening": {"LBB": "-63112.00", "LBH": "-867880.00", "LBN": "-995042.00"},
            "drawdowns": [
                drawdown("Bolstering Legal Support", "drawn", {"LBN": 362_000}, in_base=True),
                drawdown("Bolstering Finance Support", "drawn", {"LBN": 166_000}, in_base=True),
                drawdown("Bolstering H&S Funding", "projected", {"LBN": 142_000}, in_base=True),
                drawdown("Income system", "projected", {"LBH": 50_000, "LBN": 50_000}),
                drawdown("Power BI", "projected", {"LBB": 5_000, "LBH": 25_000, "LBN": 25_000}),
            ],
            "offsets": {"LBB": "71000", "LBH": "138000", "LBN": "223000"},
        },
        "contradictions": [
            {
                "label": "Bexley: non-shared variance",
                "where": "Seed 001, Bexley non-shared paragraph",
                "stated": "-144000.00",
                "computed": "-114000.00",
                "difference": "-30000.00",
            }
        ],
    }


def drawdown(purpose: str, stage: str, amounts: dict[str, int], *, in_base: bool = False):
    return {
        "purpose": purpose,
        "stage": stage,
        "in_base": in_base,
        "amounts": {p: f"{a}.00" for p, a in amounts.items()},
    }


def finance_snapshot(**changes: Any) -> dict[str, Any]:
    snapshot = make_snapshot()
    snapshot["organisations"].insert(
        0, {"code": "OS", "name": "oneSource", "kind": "shared-service"}
    )
    snapshot["period"] = {
        "label": "2019/20 Q2",
        "year": "2019/20",
        "quarter": 2,
        "first_month": "2019-07",
        "last_month": "2019-09",
    }
    snapshot["sections"] = ["finance"]
    snapshot["finance"] = finance_part()
    snapshot.update(changes)
    return snapshot


SUMMARY = [  # Bexley, Havering, Newham, Total: seed 001 line 270's table
    ("Shared", ["0.071", "0.138", "0.223", "0.432"]),
    ("Non-shared", ["(0.114)", "0.177", "0.172", "0.235"]),
    ("Total", ["(0.043)", "0.315", "0.395", "0.667"]),
]
RESERVE_BEXLEY = ["(63,112)", "(58,112)", "71,000", "12,888"]


def test_the_summary_is_seed_001s_to_the_thousand():
    section = assemble(finance_snapshot()).section("finance")
    assert section.heading == "Financial forecast at Period 5 2019/20 (August 2019)"
    shown = [(row.label, [c.m for c in row.cells] + [row.total.m]) for row in section.summary]
    assert shown == SUMMARY
    assert section.summary[0].total.amount == Decimal("432000")  # exact, never a float
    assert section.headline == "Period 5 2019/20 (August 2019): shared £0.432m overspend"


def test_the_reserve_table_follows_from_its_inputs():
    section = assemble(finance_snapshot()).section("finance")
    rows = {row.label: row for row in section.reserves}
    bexley = [
        rows[label].cells[0].whole
        for label in (
            "Closing balance at 31 March 2019",
            "Forecast closing balance at 31 March 2020",
            "Offsetting 19/20 overspend",
            "Forecast closing balance at 31 March 2020 after cost share",
        )
    ]
    assert bexley == RESERVE_BEXLEY
    after = rows["Forecast closing balance at 31 March 2020 after cost share"]
    assert [c.whole for c in after.cells] + [after.total.whole] == [
        "12,888",
        "(654,880)",
        "(27,042)",
        "(669,034)",
    ]
    assert rows["Forecast closing balance at 31 March 2020"].total.whole == "(1,101,034)"
    assert [r.label for r in section.reserves if r.heading] == ["Drawn down", "Projected"]
    assert "Bolstering Legal Support*" in rows and section.has_in_base
    assert section.reserves_short == ["Bexley"]  # its reserve cannot meet its share


def test_the_main_variances_name_the_largest_with_their_explanations():
    section = assemble(finance_snapshot()).section("finance")
    groups = {g.heading: g for g in section.variances}
    newham = groups["Newham's share of the shared position"]
    assert newham.summary == "Newham's share of the shared position: £0.223m overspend"
    assert [(i.line, i.amount.m) for i in newham.items] == [
        ("Commercial property", "0.171"),
        ("Human Resources", "0.145"),
        ("Transactional services", "(0.124)"),
        ("Other shared lines", "0.031"),
    ]
    havering = groups["Havering non-shared"]
    assert len(havering.items) == 5 and havering.items[0].line == "Commercial property income"
    assert havering.rest.m == "0.104" and havering.total.m == "0.177"
    assert groups["Bexley non-shared"].summary == "Bexley non-shared: £0.114m underspend"


def test_the_movement_and_the_budget_table():
    section = assemble(finance_snapshot()).section("finance")
    shared = section.movement[0]
    assert (shared.label, shared.before.m, shared.now.m, shared.movement.m) == (
        "Shared",
        "0.392",
        "0.432",
        "0.040",
    )
    assert [r.label for r in section.movement][-1] == "Total"
    totals = [r for r in section.budget if r.is_total]
    assert [(r.group, r.variance.whole) for r in totals] == [
        ("Shared", "432,000"),
        ("Bexley non-shared", "(114,000)"),
        ("Havering non-shared", "177,000"),
        ("Newham non-shared", "172,000"),
        ("All lines shown", "667,000"),
    ]
    am = next(r for r in section.budget if r.service == "Asset Management")
    assert (am.budget.whole, am.forecast.whole) == ("1,000,000", "1,306,000")


def test_a_councils_pack_leaves_the_other_councils_non_shared_out():
    section = assemble(finance_snapshot(finance=finance_part(("LBH",)))).section("finance")
    shown = [(row.label, [c.m for c in row.cells] + [row.total.m]) for row in section.summary]
    assert shown == [
        ("Shared", ["0.071", "0.138", "0.223", "0.432"]),
        ("Non-shared", ["\u2013", "0.177", "\u2013", "\u2013"]),
        ("Total", ["\u2013", "0.315", "\u2013", "\u2013"]),
    ]
    assert [g.heading for g in section.variances][-1] == "Havering non-shared"
    assert "Newham non-shared" not in {r.group for r in section.budget}
    html = build_pack(finance_snapshot(finance=finance_part(("LBH",))), ["html"]).files["html"]
    assert b"Dockside" not in html and b"0.172" not in html and b"Romford Market" in html


def test_nothing_signed_off_still_reads():
    part = finance_part()
    part.update(period=None, label="", previous=None, lines=[], contradictions=[])
    section = assemble(finance_snapshot(finance=part)).section("finance")
    assert not section.signed_off and section.summary == [] and section.reserves == []
    assert section.headline == "no finance period of 2019/20 Q2 signed off"
    built = build_pack(finance_snapshot(finance=part), parallel=False)
    assert b"No finance period of 2019/20 Q2 has been signed off" in built.files["html"]
    assert "Finance summary" not in load_workbook(io.BytesIO(built.files["xlsx"])).sheetnames


@pytest.fixture(scope="module")
def built():
    return build_pack(finance_snapshot(), parallel=False)


def test_html_has_the_tables_as_the_papers_print_them(built):
    html = built.files["html"].decode()
    assert '<a href="#finance">Financial forecast at Period 5 2019/20 (August 2019)</a>' in html
    for label, figures in SUMMARY:
        cells = "".join(f'<td class="num">{f}</td>' for f in figures)
        assert cells in html, label
    assert '<td class="num"><strong>12,888</strong></td>' in html
    assert '<td class="num">(63,112)</td>' not in html  # a balance row is in bold
    assert '<td class="num"><strong>(63,112)</strong></td>' in html
    assert "Bolstering Legal Support*" in html and "* Items since built into" in html
    assert "(£0.144m)" in html and "(£0.030m)" in html  # the stated figure that disagrees
    assert "largest remainder method" in html
    assert "=HYPERLINK(&#34;http" in html  # escaped, never markup


def test_pdf_text_has_the_figures(built, tmp_path):
    path = tmp_path / "pack.pdf"
    path.write_bytes(built.files["pdf"])
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Financial forecast at Period 5 2019/20" in text
    assert "0.432" in text and "(0.114)" in text and "0.667" in text
    assert "(63,112)" in text and "(58,112)" in text and "12,888" in text


def test_word_fills_the_finance_placeholders(built):
    document = Document(io.BytesIO(built.files["docx"]))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert "Financial forecast at Period 5 2019/20 (August 2019)" in paragraphs
    for label, figures in SUMMARY:
        assert [label, *figures] in rows
    bexley_after = ["Forecast closing balance at 31 March 2020 after cost share", "12,888"]
    assert [*bexley_after, "(654,880)", "(27,042)", "(669,034)"] in rows
    opening = ["Closing balance at 31 March 2019", "(63,112)", "(867,880)", "(995,042)"]
    assert [*opening, "(1,926,034)"] in rows
    assert "largest remainder method" in paragraphs
    text = paragraphs + "".join("".join(r) for r in rows)
    assert "{{" not in text and "{%" not in text


def test_excel_has_money_as_numbers_with_brackets(built):
    book = load_workbook(io.BytesIO(built.files["xlsx"]))
    summary = list(book["Finance summary"].iter_rows(values_only=True))
    partners = ("Bexley (£m)", "Havering (£m)", "Newham (£m)")
    assert summary[0] == ("Period", "Position", *partners, "Total (£m)")
    shared = next(r for r in summary if r[1] == "Shared")
    assert shared[2:] == (0.071, 0.138, 0.223, 0.432)
    cell = next(c for c in book["Finance summary"]["C"] if c.value == -0.114)
    assert cell.number_format == "0.000;(0.000)"
    reserves = list(book["Reserves"].iter_rows(values_only=True))
    after = next(r for r in reserves if r[0].endswith("after cost share"))
    assert after[1:] == (12888, -654880, -27042, -669034)
    opening = next(c for c in book["Reserves"]["B"] if c.value == -63112)
    assert opening.number_format == "#,##0;(#,##0)"
    budget = list(book["Budget"].iter_rows(values_only=True))
    assert ("Shared", "Total", 5_000_000, 5_432_000, 432_000) in budget
    explanation = next(c for c in book["Main variances"]["E"] if c.value == HOSTILE)
    assert explanation.data_type == "s" and explanation.quotePrefix
    about = [r for r in book["About"].iter_rows(values_only=True) if r[0] == "Finance"]
    assert about == [("Finance", "Period 5 2019/20 (August 2019): shared £0.432m overspend")]


def test_a_rebuild_is_byte_identical():
    first = build_pack(finance_snapshot(), ["html", "docx", "xlsx"])
    again = build_pack(finance_snapshot(), ["html", "docx", "xlsx"])
    assert first.files == again.files


def test_what_changed_since_the_last_pack():
    before = finance_snapshot()
    after = copy.deepcopy(before)
    after["finance"]["lines"][0]["forecast"] = "1316000.00"  # Commercial property: +10,000
    after["finance"]["lines"][0]["parts"] = {"LBB": "1000", "LBH": "136000", "LBN": "179000"}
    after["finance"]["reserves"]["offsets"]["LBB"] = "72000"
    changes = finance_changes(before, after)
    assert [(c["organisation"], c["what"], c["before"], c["after"]) for c in changes] == [
        ("LBB", "shared variance (Period 5 2019/20 (August 2019))", "£0.071m", "£0.072m"),
        ("LBB", "reserve after cost share (Period 5 2019/20 (August 2019))", "£12,888", "£13,888"),
        ("LBH", "shared variance (Period 5 2019/20 (August 2019))", "£0.138m", "£0.139m"),
        ("LBN", "shared variance (Period 5 2019/20 (August 2019))", "£0.223m", "£0.231m"),
    ]
    assert finance_changes(before, before) == []
    first = changes_between({"sections": ["performance"]}, before)
    assert ("LBH", "£0.177m") in {(c["organisation"], c["after"]) for c in first}


def test_the_sample_keeps_the_largest_line_of_each_group():
    sampled = sample_of(finance_snapshot())["finance"]
    assert [row["code"] for row in sampled["lines"]] == ["AM1", "B1", "H3", "N1"]
    assert [d["stage"] for d in sampled["reserves"]["drawdowns"]] == ["drawn", "projected"]
    assert finance_sample({"schema": 1}) == {"schema": 1}

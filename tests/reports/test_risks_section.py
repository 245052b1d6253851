"""The risks section from a hand-written part (no database): its content (heat
map counts, highest, strategic, above appetite, movement, overdue), what changed
since the last pack and its sample, and each of the four formats holding the
heat map's counts in words and numbers."""

from __future__ import annotations

import copy
import io
import re
import subprocess
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from tests.reports.conftest import HOSTILE, make_snapshot

from goldenthread.domain.risk_matrix import DEFAULT, Score
from goldenthread.reports.assemble import assemble
from goldenthread.reports.build import build_pack
from goldenthread.reports.risks import risks_changes, risks_sample
from goldenthread.reports.sections import changes_between, sample_of


def score(likelihood: int, impact: int) -> dict[str, int]:
    return {"likelihood": likelihood, "impact": impact}


def risk(reference: str, title: str, current: tuple[int, int], **extra: Any) -> dict[str, Any]:
    level = DEFAULT.level(Score(*current)).name
    base = {
        "reference": reference,
        "title": title,
        "category": "operational",
        "directorate": "Exchequer and Transactional",
        "service_area": "Housing Benefits",
        "organisation": "OS",
        "partners": "ALL",
        "owner": "Head of Exchequer",
        "escalation": "",
        "cause": "",
        "event": "",
        "consequence": "",
        "inherent": score(5, 5),
        "current": score(*current),
        "before": None,
        "target": score(2, 2),
        "level": level,
        "trend": "new",
        "appetite": "",
        "above_appetite": False,
        "last_reviewed": None,
        "next_review": None,
        "review_overdue": False,
        "comment": "",
        "controls": [],
        "actions": [],
    }
    return {**base, **extra}


def risks_part() -> dict[str, Any]:
    """Four illustrative risks on the default 5 x 5 matrix: two in one cell."""
    return {
        "matrix": DEFAULT.to_data(),
        "risks": [
            risk(
                "SR01",
                "Reserves unable to meet overspends",
                (4, 5),
                category="strategic",
                owner="Section 151 officer",
                escalation="Joint Committee",
                cause="Demand pressures in every partner council.",
                event="Overspends exceed the reserves set aside.",
                consequence="Emergency savings; services cut in year.",
                before=score(4, 4),
                trend="up",
                appetite="Medium",
                above_appetite=True,
                last_reviewed="2019-09-20",
                next_review="2019-10-20",
                comment="Overspend forecast rose in Q2.",
                controls=[
                    {
                        "description": "Monthly budget monitoring",
                        "owner": "Finance",
                        "effectiveness": "Partly effective",
                    }
                ],
                actions=[
                    {
                        "description": "Savings plan to members",
                        "owner": "Director of Finance",
                        "due": "2019-12-31",
                        "done": False,
                        "plan_action": "IP07",
                    }
                ],
            ),
            risk(
                "OR01",
                "Universal Credit slows Housing Benefit processing",
                (3, 4),
                before=score(4, 4),
                trend="down",
                last_reviewed="2019-09-25",
                next_review="2019-12-25",
                comment=HOSTILE,
            ),
            risk(
                "OR02",
                "Recruitment to Property Services",
                (3, 4),
                partners="LBH",
                before=score(3, 4),
                trend="same",
                last_reviewed="2019-06-10",
                next_review="2019-09-10",
                review_overdue=True,
                comment="No change.",
            ),
            risk("OR03", "Oracle Fusion delivery dates", (2, 2), partners="LBH/LBN"),
        ],
    }


def make_risks_snapshot(*, with_performance: bool = False) -> dict[str, Any]:
    snapshot = make_snapshot()
    snapshot["organisations"].insert(
        0, {"code": "OS", "name": "oneSource", "kind": "shared-service"}
    )
    snapshot["risks"] = risks_part()
    snapshot["sections"] = ["performance", "risks"] if with_performance else ["risks"]
    return snapshot


@pytest.fixture
def risks_snapshot() -> dict[str, Any]:
    return make_risks_snapshot()


def test_the_content_counts_each_cell_and_picks_each_list(risks_snapshot):
    (section,) = assemble(risks_snapshot).sections
    assert section.name == "risks"
    assert section.headline == "4 open risks, 1 above appetite"
    assert section.summary_text == "4 open, 1 above appetite, 1 review overdue"
    grid = {(c.likelihood, c.impact): c for row in section.heat_map for c in row.cells}
    assert len(grid) == 25
    assert [row.likelihood for row in section.heat_map] == [5, 4, 3, 2, 1]  # most likely first
    assert (grid[3, 4].count, grid[3, 4].references) == (2, ("OR01", "OR02"))
    assert grid[3, 4].label == "2 risks, High"
    assert (grid[4, 5].count, grid[4, 5].level.name) == (1, "Very high")
    assert grid[1, 1].count == 0 and grid[1, 1].level.name == "Low"
    assert [c.references for c in section.filled_cells] == [("SR01",), ("OR01", "OR02"), ("OR03",)]
    assert section.highest_levels == ["Very high", "High"]
    assert [r.reference for r in section.highest] == ["SR01", "OR01", "OR02"]
    assert [r.reference for r in section.strategic] == ["SR01"]
    assert [r.reference for r in section.operational] == ["OR01", "OR02", "OR03"]
    assert [r.reference for r in section.above_appetite] == ["SR01"]
    assert [r.reference for r in section.overdue] == ["OR02"]
    # worse first, then new, better, unchanged
    assert [(r.reference, r.trend.label) for r in section.movement] == [
        ("SR01", "Up (worse)"),
        ("OR03", "New"),
        ("OR01", "Down (better)"),
        ("OR02", "No change"),
    ]
    assert [(t.label, t.count) for t in section.level_counts] == [
        ("Very high", 1),
        ("High", 2),
        ("Medium", 0),
        ("Low", 1),
    ]
    first = section.strategic[0]
    assert first.current.words == "Likely (4) x Severe (5) = 20, Very high"
    assert first.before_text == "16 Very high"
    assert first.appetite_text == "Above (Medium)"
    assert section.overdue[0].review_text == "10 September 2019 (overdue)"
    assert first.service == "Exchequer and Transactional: Housing Benefits"
    assert first.actions[0].text == "IP07: Savings plan to members"


def test_a_risk_of_a_whole_directorate_names_the_directorate(risks_snapshot):
    risks_snapshot["risks"]["risks"][0]["service_area"] = ""
    risks_snapshot["risks"]["risks"][0]["actions"][0]["description"] = ""
    (section,) = assemble(risks_snapshot).sections
    assert section.strategic[0].service == "Exchequer and Transactional"
    assert section.strategic[0].actions[0].text == "IP07"


def test_a_matrix_of_the_teams_own_reads_its_words_and_levels(risks_snapshot):
    matrix = DEFAULT.to_data()
    matrix["impact"] = ["Low", "Some", "Moderate", "Serious", "Critical"]
    matrix["cells"][2][3] = "Very high"  # likelihood 3, impact 4 set higher by the team
    matrix["cells"][3][3] = "Very high"
    matrix["cells"][2][4] = "Very high"
    risks_snapshot["risks"]["matrix"] = matrix
    (section,) = assemble(risks_snapshot).sections
    cell = next(
        c for row in section.heat_map for c in row.cells if (c.likelihood, c.impact) == (3, 4)
    )
    assert (cell.impact_word, cell.level.name, cell.count) == ("Serious", "Very high", 2)
    assert section.operational[0].current.words == "Possible (3) x Serious (4) = 12, Very high"


def test_an_empty_register_still_reads(risks_snapshot):
    risks_snapshot["risks"]["risks"] = []
    built = build_pack(risks_snapshot, ["html", "xlsx"])
    html = built.files["html"].decode()
    assert "No open strategic risks." in html and "No review is overdue." in html
    assert built.pack.sections[0].headline == "0 open risks, 0 above appetite"


@pytest.fixture(scope="module")
def built():
    return build_pack(make_risks_snapshot(with_performance=True))


def _heat_rows(html: str) -> list[list[str]]:
    """The heat map's rows as the reader sees them: each cell's count and level."""
    table = re.search(r'<table class="heat-map".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [
        [re.sub(r"<[^>]+>", " ", cell).split() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in rows
    ]


def test_html_has_the_heat_map_as_a_grid_and_as_a_list_in_words(built):
    html = built.files["html"].decode()
    assert '<a href="#risks">Risk register</a>' in html
    assert "<dt>Risks</dt><dd>4 open, 1 above appetite, 1 review overdue</dd>" in html
    rows = _heat_rows(html)
    assert len(rows) == 5 and all(len(row) == 5 for row in rows)
    # likelihood 4 (second row), impact 5; likelihood 3 (third row), impact 4
    assert rows[1][4] == ["1", "Very", "high"]
    assert rows[2][3] == ["2", "High"]
    assert rows[4][0] == ["0", "Low"]
    assert "Heat map: open risks by current likelihood and impact, 2019/20 Q1" in html
    assert re.search(
        r'<th scope="row">Possible \(3\)</th><td>Major \(4\)</td><td>High</td>'
        r'<td class="num">2</td><td>OR01, OR02</td>',
        html,
    )
    # strategic risk in full, with its controls and actions
    assert "Reserves unable to meet overspends <span" in html
    assert "Likely (4) x Severe (5) = 20, Very high" in html
    assert "Monthly budget monitoring" in html and "IP07: Savings plan to members" in html
    assert "10 September 2019" in html
    # the hostile comment is text, escaped
    assert "=HYPERLINK(&#34;http://evil.example" in html or "=HYPERLINK(&quot;" in html
    assert '<a href="http://evil' not in html
    # the performance section is still there, before it
    assert html.index('id="summary"') < html.index('id="risks"')


def test_pdf_text_holds_the_heat_map(built):
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=built.files["pdf"], capture_output=True
    ).stdout.decode()
    text = " ".join(text.split())
    assert "Heat map: open risks by current likelihood and impact" in text
    assert "Almost certain (5)" in text and "Severe (5)" in text
    assert re.search(r"Possible \(3\)\s+Major \(4\)\s+High\s+2\s+OR01, OR02", text)
    assert "Reserves unable to meet overspends" in text


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]


def test_word_has_the_heat_map_table_with_counts_levels_and_fills(built):
    tables = _docx_tables(built.files["docx"])
    grid = next(t for t in tables if t[0][0] == "Likelihood" and len(t[0]) == 6)
    assert grid[0][1:] == [
        "Insignificant (1)",
        "Minor (2)",
        "Moderate (3)",
        "Major (4)",
        "Severe (5)",
    ]
    assert [row[0] for row in grid[1:]] == [
        "Almost certain (5)",
        "Likely (4)",
        "Possible (3)",
        "Unlikely (2)",
        "Rare (1)",
    ]
    assert grid[2][5] == "1 Very high"
    assert grid[3][4] == "2 High"
    listed = next(t for t in tables if t[0][:4] == ["Likelihood", "Impact", "Level", "Risks"])
    assert ["Possible (3)", "Major (4)", "High", "2", "OR01, OR02"] in listed
    document = Document(io.BytesIO(built.files["docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Risk register" in text and "Reserves unable to meet overspends (SR01)" in text
    # the cell's fill repeats its level (the red family's tint for High)
    xml = document.element.xml
    assert 'w:fill="F4A99A"' in xml and 'w:fill="C9B8E3"' in xml
    # the placeholders are all filled
    assert "{{" not in text and "{%" not in text


def test_excel_has_the_heat_map_and_risks_sheets_with_numbers(built):
    book = load_workbook(io.BytesIO(built.files["xlsx"]))
    assert {"Risk heat map", "Risks"} <= set(book.sheetnames)
    heat = list(book["Risk heat map"].iter_rows(values_only=True))
    assert heat[0] == (
        "Likelihood",
        "Likelihood in words",
        "Impact",
        "Impact in words",
        "Level",
        "Risks",
        "References",
    )
    assert len(heat) == 26
    assert (3, "Possible", 4, "Major", "High", 2, "OR01, OR02") in heat
    assert (1, "Rare", 1, "Insignificant", "Low", 0, None) in heat
    risks = list(book["Risks"].iter_rows(values_only=True))
    header = risks[0]
    first = dict(zip(header, risks[1], strict=True))
    assert first["Ref"] == "SR01" and first["Score"] == 20 and first["Level"] == "Very high"
    assert first["Above appetite"] == "Yes" and first["Trend"] == "Up (worse)"
    comment = next(dict(zip(header, r, strict=True)) for r in risks if r[0] == "OR01")
    cell = book["Risks"].cell(row=3, column=header.index("Latest review comment") + 1)
    assert comment["Latest review comment"] == HOSTILE and cell.data_type == "s"
    about = [r for r in book["About"].iter_rows(values_only=True) if r[0] == "Risks"]
    assert about == [("Risks", "4 open, 1 above appetite, 1 review overdue")]


def test_a_rebuild_is_byte_identical():
    first = build_pack(make_risks_snapshot(), ["html", "docx", "xlsx"])
    again = build_pack(make_risks_snapshot(), ["html", "docx", "xlsx"])
    assert first.files == again.files


def test_what_changed_since_the_last_pack(risks_snapshot):
    later = copy.deepcopy(risks_snapshot)
    risks = later["risks"]["risks"]
    risks[1]["current"] = score(4, 4)  # OR01 from High to Very high
    risks[1]["level"] = "Very high"
    risks[2]["current"] = score(3, 3)  # OR02 within... 9 is Medium: a level change too
    risks[2]["level"] = "Medium"
    risks[3]["comment"] = "First review."
    del risks[0]  # SR01 closed
    risks.append(risk("OR04", "New risk", (1, 1)))
    changes = risks_changes(risks_snapshot, later)
    assert [(c["indicator"], c["what"], c["before"], c["after"]) for c in changes] == [
        ("OR01", "risk level", "12 High (3 x 4)", "16 Very high (4 x 4)"),
        ("OR02", "risk level", "12 High (3 x 4)", "9 Medium (3 x 3)"),
        ("OR03", "review comment", "", "First review."),
        ("OR04", "risk added", "", "1 Low (1 x 1)"),
        ("SR01", "risk closed", "20 Very high (4 x 5)", "Closed"),
    ]
    assert changes[2]["organisation"] == "LBH/LBN"
    # a pack before the section: every risk added
    earlier = make_snapshot()
    assert [c["what"] for c in changes_between(earlier, risks_snapshot)] == ["risk added"] * 4


def test_a_score_change_within_a_level(risks_snapshot):
    later = copy.deepcopy(risks_snapshot)
    later["risks"]["risks"][0]["current"] = score(5, 4)  # 20 Very high, other cell
    (change,) = risks_changes(risks_snapshot, later)
    assert (change["what"], change["after"]) == ("risk score", "20 Very high (5 x 4)")


def test_the_sample_keeps_a_risk_of_every_kind(risks_snapshot):
    risks_snapshot["risks"]["risks"] += [
        risk(f"OR{n}", f"Another {n}", (2, 2), partners="LBH/LBN") for n in range(10, 20)
    ]
    sample = risks_sample(risks_snapshot)
    kept = [r["reference"] for r in sample["risks"]["risks"]]
    assert kept == ["SR01", "OR01", "OR02", "OR03"]
    assert sample_of(risks_snapshot)["risks"]["risks"] == sample["risks"]["risks"]
    build_pack(sample, ["docx"])  # the default template fills from the sample

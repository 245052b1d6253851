"""The Improvement Plan's pack section from a hand-written part (no database):
its content (seed 001's summary per service: counts, shares that add up to 100,
the lead's lines; the actions grouped by service with their status in words),
what changed since the last pack, the sample, and each of the four formats."""

from __future__ import annotations

import copy
import io
import subprocess
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from tests.reports.conftest import HOSTILE, make_snapshot

from goldenthread.domain.judgements import PROGRESS
from goldenthread.domain.shares import percentages
from goldenthread.reports.assemble import assemble
from goldenthread.reports.build import build_pack
from goldenthread.reports.plan import NOT_SIGNED_OFF, plan_changes, plan_sample
from goldenthread.reports.sections import changes_between, sample_of

FINANCE_LINE = (
    "Procurement review / restructure is progressing according the agreed revised timetable."
)


def tallies(counts: dict[str, int], lines: dict[str, str] | None = None) -> list[dict[str, Any]]:
    codes = PROGRESS.codes
    shares = percentages([counts.get(c, 0) for c in codes])
    return [
        {
            "code": code,
            "count": counts.get(code, 0),
            "percent": share,
            "explanation": (lines or {}).get(code, ""),
        }
        for code, share in zip(codes, shares, strict=True)
    ]


def action(reference: str, partners: str, status: str, **extra: Any) -> dict[str, Any]:
    base = {
        "reference": reference,
        "partners": partners,
        "priority": "Strong financial management",
        "delivery": f"Delivery of {reference}.",
        "outcome": f"Outcome of {reference}.",
        "target": "1st September 2019",
        "dates": ["2019-09-01"],
        "status": status,
        "confidence": "",
        "percent_complete": None,
        "progress": f"Progress on {reference}.",
        "next_steps": f"Next steps for {reference}.",
        "flags": [],
    }
    return {**base, **extra}


def plan_part() -> dict[str, Any]:
    """Seed 001's Finance and Procurement (3 green, 5 amber: lines 400-404) and an
    ICT update not yet signed off."""
    finance = [action(f"IP{n}", "ALL", "G") for n in (14, 15, 16)]
    finance += [action(f"IP{n}", "LBH/LBN", "A") for n in (17, 18, 19, 20)]
    finance.append(
        action(
            "IP21",
            "LBH",
            "A",
            progress=HOSTILE,
            percent_complete=40,
            flags=["Target date passed, not complete"],
            target="to be agreed with partner boroughs",
            dates=[],
        )
    )
    ict = [
        action("IP29", "ALL", "", progress="", next_steps=""),
        action("IP30", "LBN", "", progress="", next_steps=""),
    ]
    counts = {"G": 3, "A": 5}
    return {
        "progress": PROGRESS.to_rows(),
        "confidence": None,
        "services": [
            {
                "number": 3,
                "name": "Finance and Procurement",
                "lead": "Director of Finance and Procurement",
                "signed_off": True,
                "state": "Approved",
                "summary": tallies(counts, {"G": "On track to be delivered", "A": FINANCE_LINE}),
                "total": 8,
                "actions": finance,
            },
            {
                "number": 5,
                "name": "ICT",
                "lead": "Director of ICT",
                "signed_off": False,
                "state": "Submitted",
                "summary": tallies({}),
                "total": 0,
                "actions": ict,
            },
        ],
        "overall": {"summary": tallies(counts), "total": 8},
    }


def plan_snapshot(**changes: Any) -> dict[str, Any]:
    snapshot = make_snapshot()
    snapshot["sections"] = ["performance", "plan"]
    snapshot["plan"] = plan_part()
    snapshot.update(changes)
    return snapshot


@pytest.fixture(scope="module")
def built():
    return build_pack(plan_snapshot(), parallel=False)


def test_the_summary_counts_and_shares_per_service_and_overall():
    section = assemble(plan_snapshot()).section("plan")
    finance, ict = section.services
    assert finance.heading == "3. Finance and Procurement"
    assert [(t.status.label, t.count, t.share) for t in finance.tallies[:3]] == [
        ("Green", 3, "37%"),
        ("Amber", 5, "63%"),
        ("Red", 0, "0%"),
    ]  # the largest remainder: 37% + 63% = 100% (seed 001 prints 38% and 63%)
    assert sum(t.percent for t in finance.tallies) == 100
    assert finance.tallies[1].explanation == FINANCE_LINE
    assert finance.total == 8 and section.overall_total == 8
    assert not ict.signed_off and [a.status_text for a in ict.actions] == [NOT_SIGNED_OFF] * 2
    assert section.not_signed_off == [ict]
    assert section.headline == "10 plan action(s), 1 service update(s) not signed off"


def test_actions_are_grouped_by_service_with_status_words_and_dates_read():
    section = assemble(plan_snapshot()).section("plan")
    finance = section.services[0]
    assert [a.reference for a in finance.actions][:2] == ["IP14", "IP15"]
    first, last = finance.actions[0], finance.actions[-1]
    assert (first.status.label, first.status.colour, first.status.shape) == (
        "Green",
        "green",
        "circle",
    )
    assert first.dates == ["1 September 2019"]
    assert last.status_text == "Amber" and last.percent_complete == 40
    assert last.flags == ["Target date passed, not complete"]


def test_html_shows_the_summary_the_rounding_rule_and_each_action():
    html = build_pack(plan_snapshot(), ["html"]).files["html"].decode()
    assert '<a href="#plan">Improvement Plan</a>' in html
    assert "3. Finance and Procurement" in html and "Lead: Director of ICT" in html
    assert "shares are rounded so that they add up to 100%" in html.lower()
    assert 'class="status status--amber">Amber</td><td>' + FINANCE_LINE in html
    assert '<td class="num">5</td><td class="num">63%</td>' in html
    assert '<th scope="row">IP21</th>' in html and "40% complete" in html
    assert f"<td>{NOT_SIGNED_OFF}</td>" in html
    assert "=HYPERLINK(&#34;http" in html  # escaped, never markup


def test_pdf_text_has_the_section(built, tmp_path):
    path = tmp_path / "pack.pdf"
    path.write_bytes(built.files["pdf"])
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Improvement Plan" in text and "Finance and Procurement" in text
    assert "63%" in text and "IP21" in text and NOT_SIGNED_OFF in text


def test_word_fills_the_plan_placeholders(built):
    document = Document(io.BytesIO(built.files["docx"]))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Improvement Plan" in paragraphs and "3. Finance and Procurement" in paragraphs
    assert "Every service together" in paragraphs and FINANCE_LINE in cells and "63%" in cells
    assert "IP21" in cells and "40% complete" in cells and NOT_SIGNED_OFF in cells
    assert "{{" not in paragraphs + cells and "{%" not in paragraphs + cells


def test_excel_has_the_plan_sheets_with_numbers_and_text_kept_as_text(built):
    book = load_workbook(io.BytesIO(built.files["xlsx"]))
    summary = list(book["Plan summary"].iter_rows(values_only=True))
    assert summary[0] == ("Service", "Lead", "Status", "Explanation", "Actions", "Share")
    amber = next(r for r in summary if r[0] == "3. Finance and Procurement" and r[2] == "Amber")
    assert amber[3:] == (FINANCE_LINE, 5, 0.63)
    assert ("5. ICT", "Director of ICT", None, NOT_SIGNED_OFF, None, None) in summary
    actions = list(book["Plan actions"].iter_rows(values_only=True))
    row = next(r for r in actions if r[1] == "IP21")
    assert row[8] == "Amber" and row[10] == 40 and row[11] == HOSTILE
    cell = next(c for c in book["Plan actions"]["L"] if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix


def test_what_changed_statuses_and_actions_added_or_gone():
    before = plan_snapshot()
    after = copy.deepcopy(before)
    finance = after["plan"]["services"][0]
    finance["actions"][0]["status"] = "R"
    finance["actions"].append(action("IP99", "LBN", "G"))
    del finance["actions"][1]
    assert plan_changes(before, after) == [
        {"indicator": "IP14", "organisation": "ALL", "what": "plan status"}
        | {"before": "Green", "after": "Red"},
        {"indicator": "IP99", "organisation": "LBN", "what": "plan action added"}
        | {"before": "", "after": "Green"},
        {"indicator": "IP15", "organisation": "ALL", "what": "plan action removed"}
        | {"before": "Green", "after": ""},
    ]
    ict = after["plan"]["services"][1]
    ict["signed_off"], ict["actions"][0]["status"] = True, "G"
    assert {"indicator": "IP29", "organisation": "ALL", "what": "plan status"} | {
        "before": NOT_SIGNED_OFF,
        "after": "Green",
    } in changes_between(before, after)
    assert plan_changes(before, before) == []


def test_the_sample_keeps_one_action_of_each_status_per_service():
    sampled = sample_of(plan_snapshot())
    services = sampled["plan"]["services"]
    assert [[a["reference"] for a in s["actions"]] for s in services] == [
        ["IP14", "IP17"],
        ["IP29"],
    ]
    assert plan_sample({"schema": 1}) == {"schema": 1}


def test_a_pack_of_the_plan_alone_renders_every_format():
    snapshot = plan_snapshot(sections=["plan"])
    built = build_pack(snapshot, parallel=False)
    assert set(built.files) == {"html", "pdf", "docx", "xlsx"}
    html = built.files["html"].decode()
    assert "Exception reports" not in html and "Finance and Procurement" in html
    assert build_pack(snapshot, ["docx"]).files["docx"] == built.files["docx"]

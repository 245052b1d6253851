"""The team's own status scheme in the pack (issue 17): assigned to indicators
and chosen as the summary scheme, it gives the pack's labels, key and words in
all four formats; the figures that rag would call amber are never "Amber"."""

from __future__ import annotations

import io
import json
import re
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.packs import services
from goldenthread.reporting.models import ReportingRules
from goldenthread.reports.content import ExceptionRule
from goldenthread.schemes.models import StatusScheme

Q1 = Quarter(FinancialYear(2019), 1)
STATUSES = [
    {"label": "Exceeded", "exceeds": "10%", "colour": "blue", "meaning": ""},
    {"label": "On target", "within": "0", "meaning": "met or beaten"},
    {"label": "Within tolerance", "within": "5%"},
    {"label": "Off target"},
]


@pytest.fixture
def on_target(world):
    StatusScheme.objects.create(key="on-target", name="Council plan statuses", statuses=STATUSES)
    for indicator in (world.hb_new_claims, world.payroll_on_time, world.possession):
        indicator.scheme = "on-target"
        indicator.save()
    ReportingRules.objects.update_or_create(id=1, defaults={"summary_scheme": "on-target"})
    return world


def build(world, formats):
    return services.pack_build(
        quarter=Q1,
        organisation=None,
        exception_rule=ExceptionRule.AMBER_AND_RED,
        formats=list(formats),
        by=world.users["performance"],
    )


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_snapshot_keeps_the_schemes_and_the_codes(on_target):
    snapshot = json.loads(build(on_target, ["html"]).pack.snapshot)
    assert snapshot["summary_scheme"] == "on-target"
    (scheme,) = [s for s in snapshot["schemes"] if s["key"] == "on-target"]
    assert [s["label"] for s in scheme["statuses"]] == [r["label"] for r in STATUSES]
    assert scheme["statuses"][0]["band"] == "target beaten by at least 10% of the target"
    assert snapshot["statuses"]["WITHIN TOLERANCE"]["grade"] == "near"
    statuses = {(f["indicator"], f["organisation"]): f["status"] for f in snapshot["figures"]}
    # seed 001's payroll (98.54% against 100%) and HB new claims (22.3 days against 20)
    assert statuses[("EX-02", "LBN")] == "WITHIN TOLERANCE"
    assert statuses[("EX-01", "LBH")] == "OFF TARGET"


def test_every_format_shows_the_schemes_labels_and_key(on_target):
    built = build(on_target, ["html", "pdf", "docx", "xlsx"]).built
    html = built.files["html"].decode()
    for text in (
        "Within tolerance for LBN",
        "Off target for LBH",
        "Council plan statuses",
        "Met or beaten. Target met.",
        "Share met",
        "every indicator rated within tolerance or off target",
    ):
        assert text in html, text
    assert "Amber" not in html and "Share green" not in html
    pdf = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=built.files["pdf"], capture_output=True
    ).stdout.decode()
    pdf = words(pdf)
    assert "Within tolerance for LBN" in pdf and "Council plan statuses" in pdf
    assert "Exceeded" in pdf and "Share met" in pdf and "Amber" not in pdf
    document = Document(io.BytesIO(built.files["docx"]))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    paragraphs = " ".join(p.text for p in document.paragraphs)
    assert "\u25a0 Within tolerance" in cells and "\u25c6 Off target" in cells
    assert {"Exceeded", "On target", "Within tolerance", "Off target", "Share met"} <= set(cells)
    assert "Council plan statuses" in paragraphs
    assert not any("Amber" in c for c in cells) and "Amber" not in paragraphs
    book = load_workbook(io.BytesIO(built.files["xlsx"]))
    header = [c.value for c in book["Summary"][1]]
    assert header[2:6] == ["Exceeded", "On target", "Within tolerance", "Off target"]
    exceptions = book["Exceptions"]
    columns = [c.value for c in exceptions[1]]
    shown = {
        (row[columns.index("Ref")].value, row[columns.index("Council")].value): row[
            columns.index("Status")
        ]
        for row in exceptions.iter_rows(min_row=2)
    }
    payroll = shown[("EX-02", "LBN")]
    assert payroll.value == "Within tolerance" and payroll.number_format == '"\u25a0 "@'
    every = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert "Amber" not in every and "Council plan statuses" in every


def test_a_rag_pack_reads_as_before(world):
    """No team scheme: the papers' words, rag's columns and key."""
    built = build(world, ["html"]).built
    html = built.files["html"].decode()
    assert "Amber for LBN" in html and "Share green" in html
    assert "every indicator rated amber or red (failed)" in html
    assert "Council plan statuses" not in html

"""The pack reads the snapshot's status schemes (issue 17): the summary's
columns, the key, the share met, the exception selection and the prose are the
summary scheme's labels, never a fixed green, amber, red; a snapshot without
the tables (a pack built before) builds as it did."""

from __future__ import annotations

import copy
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from goldenthread.domain.schemes import Scheme
from goldenthread.reports import assemble as frame
from goldenthread.reports.build import build_pack
from goldenthread.reports.content import ExceptionRule
from goldenthread.reports.statuses import StatusBook, shapes_of, status_tables

ON_TARGET = Scheme.build(
    "On target, within tolerance, off target",
    [
        {"label": "Exceeded", "exceeds": "10%", "meaning": "well ahead of the target"},
        {"label": "On target", "within": "0"},
        {"label": "Within tolerance", "within": "5%"},
        {"label": "Off target"},
    ],
    "on-target",
)
# the rag codes the hand-written snapshot has, as the team's scheme names them
RENAMED = {"GREEN": "ON TARGET", "AMBER": "WITHIN TOLERANCE", "RED": "OFF TARGET"}


def with_scheme(snapshot, *, summary=ON_TARGET, monitor=()):
    """`snapshot` with every rated indicator on the team's scheme (those in
    `monitor` monitor only), and the summary scheme `summary`."""
    snapshot = copy.deepcopy(snapshot)
    snapshot.update(status_tables(summary, [ON_TARGET, Scheme.MONITOR_ONLY]))

    def renamed(code):
        return RENAMED.get(code, code)

    for indicator in snapshot["indicators"]:
        indicator["scheme"] = "monitor-only" if indicator["reference"] in monitor else "on-target"
    for figure in snapshot["figures"]:
        if figure["indicator"] in monitor:
            figure["status"] = "MONITOR ONLY"
            continue
        figure["status"] = renamed(figure["status"])
        figure["previous_status"] = renamed(figure["previous_status"])
        for period in figure["periods"]:
            period["status"] = renamed(period["status"])
        for part in figure["breakdowns"]:
            part["status"] = renamed(part["status"])
    return snapshot


def assemble(snapshot):
    return frame.assemble(snapshot).section("performance")


def texts(section):
    return " ".join(
        [*section.covering, section.summary_note, section.rule_label, section.met_note]
        + [e.term + " " + e.meaning for e in section.key_status]
        + [e.why for g in section.exceptions for e in g.entries]
    )


def test_summary_columns_are_the_summary_schemes_labels(snapshot):
    section = assemble(with_scheme(snapshot))
    assert [c.label for c in section.summary_columns] == [
        "Exceeded",
        "On target",
        "Within tolerance",
        "Off target",
        "Not applicable",
        "Incomplete",
        "No target",
    ]
    rows = {r.organisation.code: r for r in section.summary}
    # LBH: EX-10 within tolerance, EX-11 and EX-02 off target; LBN: two on target, one incomplete
    assert rows["LBH"].counts == (0, 0, 1, 2, 0, 0, 0) and rows["LBH"].total == 3
    assert rows["LBN"].counts == (0, 2, 0, 0, 0, 1, 0)
    assert section.share_heading == "Share met"
    assert "the share met (exceeded or on target) was 0% for LBH, 100% for LBN" in " ".join(
        section.covering
    )


def test_beaten_by_a_margin_is_counted_met_in_its_own_column(snapshot):
    custom = with_scheme(snapshot)
    lbh_payroll = next(
        f for f in custom["figures"] if (f["indicator"], f["organisation"]) == ("EX-10", "LBH")
    )
    lbh_payroll["status"] = "EXCEEDED"
    section = assemble(custom)
    rows = {r.organisation.code: r for r in section.summary}
    assert rows["LBH"].counts[:4] == (1, 0, 0, 2)
    assert rows["LBH"].share_text == "33%" and rows["LBH"].green == 1
    (havering,) = [c for c in section.met if c.organisation.code == "LBH"]
    assert [r.reference for g in havering.groups for r in g.rows] == ["EX-10"]


def test_the_key_lists_the_scheme_with_meanings_and_a_shape_per_band(snapshot):
    section = assemble(with_scheme(snapshot, monitor={"EX-02"}))
    names = [g.scheme for g in section.key_groups]
    assert names == ["On target, within tolerance, off target", "Every scheme: not rated"]
    scheme = {e.term: e for e in section.key_groups[0].entries}
    assert list(scheme) == ["Exceeded", "On target", "Within tolerance", "Off target"]
    assert scheme["Exceeded"].meaning == (
        "Well ahead of the target. Target beaten by at least 10% of the target."
    )
    assert scheme["Within tolerance"].meaning == (  # the register's tolerance wins (EX-11)
        "Target missed by at most 5% of the target (within 2 points of the target for EX-11)."
    )
    assert [e.shape for e in scheme.values()] == ["triangle", "circle", "square", "diamond"]
    assert [e.colour for e in scheme.values()] == ["blue", "green", "amber", "red"]
    shared = [e.term for e in section.key_groups[1].entries]
    assert shared == ["Monitor only", "Not applicable", "Incomplete", "No target"]
    assert "Amber" not in texts(section) and "green" not in texts(section).lower()


def test_monitor_only_figures_are_not_rated_and_not_counted_as_rated(snapshot):
    section = assemble(with_scheme(snapshot, monitor={"EX-02"}))
    rows = {r.organisation.code: r for r in section.summary}
    # EX-02 (LBH only) monitored: counted in no target, out of the share met
    assert rows["LBH"].counts == (0, 0, 1, 1, 0, 0, 1)
    assert rows["LBH"].share_text == "0%"
    (monitored,) = [r for r in section.not_rated if r.reference == "EX-02"]
    assert (monitored.status.label, monitored.status.shape) == ("Monitor only", "ring")
    assert section.not_rated_caption.startswith("Monitor only, ")
    assert "EX-02" not in {e.indicator.reference for g in section.exceptions for e in g.entries}


@pytest.mark.parametrize(
    ("rule", "expected", "words"),
    [
        (
            ExceptionRule.AMBER_AND_RED,
            {"EX-10": "Within tolerance for LBH", "EX-11": "Off target for LBH"},
            "every indicator rated within tolerance or off target",
        ),
        (
            ExceptionRule.RED_ONLY,
            {"EX-11": "Off target for LBH"},
            "every indicator rated off target",
        ),
    ],
)
def test_exception_selection_reads_the_grade(snapshot, rule, expected, words):
    custom = with_scheme(snapshot)
    custom["exception_rule"] = rule.value
    section = assemble(custom)
    why = {e.indicator.reference: e.why for g in section.exceptions for e in g.entries}
    assert {ref: why[ref] for ref in expected} == expected
    if rule is ExceptionRule.RED_ONLY:
        assert "EX-10" not in why
    assert section.rule_label.startswith(words)


def test_an_old_snapshot_without_the_tables_builds_as_before(snapshot):
    old = copy.deepcopy(snapshot)
    for key in ("summary_scheme", "schemes", "statuses"):
        del old[key]
    before, now = assemble(old), assemble(snapshot)
    assert before == now  # the same content, read from the built-in codes
    assert [c.label for c in before.summary_columns] == [
        "Green",
        "Amber",
        "Red",
        "Not applicable",
        "Incomplete",
        "No target",
    ]
    assert before.share_heading == "Share green"
    assert before.rule_label == "every indicator rated amber or red (failed)"
    assert [g.scheme for g in before.key_groups] == [""]  # the papers' one list


def test_a_status_of_another_scheme_is_counted_in_the_column_of_its_grade(snapshot):
    """Rag's summary with the team's scheme in use: its statuses in rag's columns,
    said in the note, and the prose in the team's words too."""
    section = assemble(with_scheme(snapshot, summary=Scheme.RAG))
    assert [c.label for c in section.summary_columns][:3] == ["Green", "Amber", "Red"]
    rows = {r.organisation.code: r for r in section.summary}
    assert rows["LBH"].counts[:3] == (0, 1, 2)
    assert "Within tolerance as amber" in section.summary_note
    assert "Off target as red" in section.summary_note
    assert [g.scheme for g in section.key_groups][:2] == [
        "Red, amber, green",
        "On target, within tolerance, off target",
    ]


def test_shapes_differ_within_a_scheme_and_go_by_grade_and_position():
    five = Scheme.build(
        "Five",
        [
            {"label": "Blue", "exceeds": "10%"},
            {"label": "Green", "within": "0"},
            {"label": "Amber", "within": "5%"},
            {"label": "Orange", "within": "10%"},
            {"label": "Red"},
        ],
    )
    shapes = shapes_of(five.statuses)
    assert [shapes[s] for s in five.statuses] == [
        "triangle",
        "circle",
        "square",
        "triangle-down",
        "diamond",
    ]
    assert len(set(shapes.values())) == 5


def test_the_tables_read_back_as_the_statuses_they_were(snapshot):
    book = StatusBook.of(with_scheme(snapshot))
    (status,) = [s for s in ON_TARGET.statuses if s.label == "Within tolerance"]
    assert book.status("WITHIN TOLERANCE", "on-target") == status
    assert book.status("NO TARGET", "on-target").label == "No target"
    assert book.summary.key == "on-target"


def test_every_format_shows_the_labels_shapes_and_key(snapshot):
    built = build_pack(with_scheme(snapshot), ["html", "docx", "xlsx"])
    html = built.files["html"].decode()
    assert 'data-shape="square" class="status status--amber">Within tolerance</td>' in html
    assert '<th scope="col" class="num">Share met</th>' in html
    assert ">Amber<" not in html and "Share green" not in html
    document = Document(io.BytesIO(built.files["docx"]))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "\u25a0 Within tolerance" in cells  # ■, the exception page's status
    assert {"Exceeded", "\u25b2", "Off target", "\u25c6", "Share met"} <= set(cells)
    assert not any("Amber" in c for c in cells)
    book = load_workbook(io.BytesIO(built.files["xlsx"]))
    summary = [c.value for c in book["Summary"][1]]
    assert summary[2:6] == ["Exceeded", "On target", "Within tolerance", "Off target"]
    assert summary[-1] == "Share met"
    exceptions = book["Exceptions"]
    header = [c.value for c in exceptions[1]]
    status = exceptions.cell(2, header.index("Status") + 1)
    assert status.value == "Within tolerance"
    assert status.number_format == '"\u25a0 "@'  # shown as "■ Within tolerance"
    key = {row[0].value: row for row in book["Key"].iter_rows(min_row=2)}
    assert key["Exceeded"][1].value == "\u25b2" and key["Exceeded"][3].value == ON_TARGET.name


def test_a_label_that_looks_like_a_formula_or_markup_stays_text(snapshot):
    hostile = Scheme.build(
        "Hostile",
        [{"label": "=1+2", "within": "0"}, {"label": "<b>Late</b>"}],
        "hostile",
    )
    custom = copy.deepcopy(snapshot)
    custom.update(status_tables(hostile, [hostile]))
    for indicator in custom["indicators"]:
        indicator["scheme"] = "hostile"
    for figure in custom["figures"]:
        code = {"GREEN": "=1+2", "AMBER": "<B>LATE</B>", "RED": "<B>LATE</B>"}
        figure["status"] = code.get(figure["status"], figure["status"])
        figure["previous_status"] = code.get(figure["previous_status"], figure["previous_status"])
        for period in figure["periods"]:
            period["status"] = code.get(period["status"], period["status"])
    built = build_pack(custom, ["html", "xlsx"])
    html = built.files["html"].decode()
    assert "<b>Late</b>" not in html and "&lt;b&gt;Late&lt;/b&gt;" in html
    book = load_workbook(io.BytesIO(built.files["xlsx"]))
    for row in book["All figures"].iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    statuses = [r[0] for r in book["Key"].iter_rows(min_row=2) if r[0].value == "=1+2"]
    assert statuses and all(c.data_type == "s" and c.quotePrefix for c in statuses)

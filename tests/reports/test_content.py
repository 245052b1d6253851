"""The pack's content from a snapshot: counts, the exception rule, commentary,
the key's tolerance words, the period tables and what changed."""

from __future__ import annotations

import copy

import pytest

from goldenthread.reports import assemble as frame
from goldenthread.reports.content import NOT_DUE, ExceptionRule
from goldenthread.reports.sections import changes_between, sample_of
from goldenthread.reports.snapshot import snapshot_hash


def assemble(snapshot):
    """The performance section of the pack for `snapshot`."""
    return frame.assemble(snapshot).section("performance")


def entries(pack):
    return {e.indicator.reference: e for g in pack.exceptions for e in g.entries}


def test_summary_counts_per_council(snapshot):
    pack = assemble(snapshot)
    rows = {r.organisation.code: r for r in pack.summary}
    lbh, lbn = rows["LBH"], rows["LBN"]
    # volumetric HR-06 is not counted; LBH: EX-10 amber, EX-11 red, EX-02 red
    assert (lbh.green, lbh.amber, lbh.red, lbh.incomplete, lbh.total) == (0, 1, 2, 0, 3)
    assert (lbn.green, lbn.amber, lbn.red, lbn.incomplete, lbn.total) == (2, 0, 0, 1, 3)
    assert lbh.share_text == "0%" and lbn.share_text == "100%"


def test_covering_summary_says_what_a_committee_asks(snapshot):
    pack = assemble(snapshot)
    text = " ".join(pack.covering)
    assert (
        "3 indicators with targets for London Borough of Havering (LBH) "
        "and 3 for London Borough of Newham (LBN)." in text
    )
    assert "0% for LBH, 100% for LBN" in text
    assert "20 July 2019 at 09:00 (UTC)" in text
    assert "1 of 2 data returns were not yet approved" in text
    # EX-02 (Housing Benefits) is Havering's only; HR-01 Newham's only
    assert pack.only_some == ["LBH only: Housing Benefits", "LBN only: HR&OD"]


def test_met_target_lists_grouped_by_directorate_and_service_area(snapshot):
    pack = assemble(snapshot)
    (newham,) = pack.met  # Havering met no target
    assert newham.organisation.code == "LBN" and newham.count == 2
    (group,) = newham.groups
    assert group.place == ("Exchequer and Transactional", "Payroll")
    assert [r.reference for r in group.rows] == ["EX-10", "EX-11"]
    assert group.rows[0].direction.text == "↑ Up, better"  # issue 16: was "↑ Improving"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (ExceptionRule.AMBER_AND_RED, ["EX-10", "EX-11", "EX-02", "HR-01"]),
        (ExceptionRule.RED_ONLY, ["EX-11", "EX-02", "HR-01"]),
        (ExceptionRule.TWO_QUARTERS, ["EX-11"]),  # red now, amber the quarter before
    ],
)
def test_exception_selection_follows_the_rule(snapshot, rule, expected):
    snapshot["exception_rule"] = rule.value
    pack = assemble(snapshot)
    assert list(entries(pack)) == expected
    assert [g.directorate for g in pack.exceptions] == (
        ["Exchequer and Transactional", "HROD"]
        if "HR-01" in expected
        else ["Exchequer and Transactional"]
    )


def test_exception_page_has_every_council_with_commentary_and_breakdowns(snapshot):
    pack = assemble(snapshot)
    payroll = entries(pack)["EX-10"]
    assert payroll.why == "Amber for LBH"
    assert [(r.label, r.value.text, r.status.label) for r in payroll.outturn] == [
        ("LBH", "98.54%", "Amber"),
        ("LBN", "99.98%", "Green"),
    ]
    (comment,) = payroll.commentary
    assert comment.organisation.code == "LBH"
    assert comment.reasons == "Three election payrolls in June."
    assert payroll.missing_commentary == []
    assert entries(pack)["EX-11"].missing_commentary == ["LBH"]
    jobs = entries(pack)["HR-01"]
    assert jobs.why == "Red for LBN HAY"
    assert [(r.label, r.value.text, r.last_year.text) for r in jobs.outturn] == [
        ("LBN", "Not yet available", "99.88%"),
        ("LBN HAY", "12 days", "4.62 days"),
    ]


def test_month_table_marks_months_not_yet_due_and_shares_one_target_row(snapshot):
    table = entries(assemble(snapshot))["EX-10"].periods
    assert table.kind == "Month" and table.header[0] == "Apr-19" and len(table.header) == 12
    assert [row.label for row in table.rows] == ["LBH", "LBN", "Target"]
    assert [c.text for c in table.rows[0].cells[:4]] == ["99.99%", "99.99%", "95.63%", NOT_DUE]
    assert table.rows[2].is_target and table.rows[2].cells[11].text == "100.00%"
    # as shown: the nine months not yet due are one cell; the target row has all twelve
    shown = [(cell.text, span) for cell, span in table.rows[0].runs()]
    assert shown == [("99.99%", 1), ("99.99%", 1), ("95.63%", 1), (NOT_DUE, 9)]
    assert [span for _, span in table.rows[2].runs()] == [1] * 12


def test_councils_with_different_targets_get_a_target_row_each(snapshot):
    figures = [f for f in snapshot["figures"] if f["indicator"] == "EX-10"]
    for period in figures[1]["periods"]:
        period["target"] = "99.50%"
    table = entries(assemble(snapshot))["EX-10"].periods
    assert [row.label for row in table.rows] == ["LBH", "LBH target", "LBN", "LBN target"]


def test_chart_alternative_text_gives_the_figures_in_words(snapshot):
    words = entries(assemble(snapshot))["EX-10"].chart_description
    assert words.startswith("Line chart of % of payroll payments made on time by month")
    assert "LBH: Apr-19 99.99%, May-19 99.99%, Jun-19 95.63%" in words
    assert "Target: 100.00% in every month" in words


def test_key_tolerance_words_come_from_the_register(snapshot):
    pack = assemble(snapshot)
    amber = next(e for e in pack.key_status if e.term == "Amber")
    assert "within 5% of the target" in amber.meaning
    assert "within 2 points of the target for EX-11" in amber.meaning
    for indicator in snapshot["indicators"]:
        indicator["tolerance"] = "3%"
    amber = next(e for e in assemble(snapshot).key_status if e.term == "Amber")
    assert "within 3% of the target (for every indicator" in amber.meaning


def test_volumetric_table_has_last_year_this_quarter_and_comment(snapshot):
    (group,) = assemble(snapshot).volumetric
    (row,) = group.rows
    assert (row.reference, row.last_year.text, row.value.text) == ("HR-06", "76", "119")
    assert row.comment == "The moratorium was lifted in January."


def test_every_figure_row_carries_its_reference_and_months(snapshot):
    pack = assemble(snapshot)
    assert len(pack.figures) == 8  # 7 figures and one breakdown
    payroll = pack.figures[0]
    assert payroll.indicator.reference == "EX-10" and len(payroll.periods) == 12
    label, cell, target = payroll.periods[5]
    assert (label, cell.due, target.text) == ("Sep-19", False, "100.00%")


def test_returns_not_yet_approved_are_listed(snapshot):
    pack = assemble(snapshot)
    (pending,) = pack.returns_not_approved
    assert (pending.organisation, pending.state) == ("LBH", "Submitted")


def test_what_changed_between_two_snapshots(snapshot):
    later = copy.deepcopy(snapshot)
    payroll = later["figures"][0]
    payroll["value"] = {"text": "99.10%", "amount": "99.10", "unit": "%"}
    payroll["periods"][2]["value"] = {"text": "97.31%", "amount": "97.31", "unit": "%"}
    payroll["commentary"]["reasons"] = "Corrected June figure."
    later["figures"].pop()  # HR-06 gone
    changes = changes_between(snapshot, later)
    assert [(c["indicator"], c["what"]) for c in changes] == [
        ("EX-10", "figure"),
        ("EX-10", "figure for Jun-19"),
        ("EX-10", "commentary"),
        ("HR-06", "removed"),
    ]
    assert changes[0]["before"] == "98.54%" and changes[0]["after"] == "99.10%"
    later["since"] = {
        "built_at": "2019-07-20T09:00:00+00:00",
        "hash": snapshot_hash(snapshot),
        "changes": changes,
    }
    since = frame.assemble(later).since
    assert since.built_at == "20 July 2019 at 09:00 (UTC)" and len(since.changes) == 4


def test_the_hash_changes_with_any_figure(snapshot):
    before = snapshot_hash(snapshot)
    snapshot["figures"][0]["periods"][0]["value"]["text"] = "99.98%"
    assert snapshot_hash(snapshot) != before and len(before) == 64


def test_a_sample_keeps_every_section_with_one_indicator_of_each_kind(snapshot):
    """What a Word template is tried on before the whole pack is built."""
    whole, sample = assemble(snapshot), assemble(sample_of(snapshot))
    for section in ("met", "exceptions", "volumetric", "not_rated", "summary"):
        assert bool(getattr(sample, section)) == bool(getattr(whole, section)), section
    # EX-02 is red and operational, as EX-11 is before it: not needed
    assert set(entries(whole)) - set(entries(sample)) == {"EX-02"}
    kept = sample_of(snapshot)["figures"]
    assert [(f["indicator"], f["organisation"]) for f in kept] == [
        ("EX-10", "LBH"),
        ("EX-10", "LBN"),
        ("EX-11", "LBH"),
        ("EX-11", "LBN"),
        ("HR-01", "LBN"),
        ("HR-06", "LBH"),
    ]

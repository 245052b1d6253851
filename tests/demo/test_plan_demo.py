"""The demo's Improvement Plan against seed 001's Q2 2019/20 monitoring table
(lines 396-423): the counts per service and status from the loaded database,
the shares goldenthread prints (largest remainder, adding up to 100) beside the
seed's own (each rounded alone), and what the transcription kept as printed.
docs/demo.md shows the same table."""

from __future__ import annotations

import datetime
import shutil

import pytest
from tests.factories import make_user

from goldenthread.demo.load import DATA, DatasetError, load_dataset
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.shares import rounded_alone
from goldenthread.people.access import scope_of
from goldenthread.people.models import Role
from goldenthread.plan.models import Action, ActionUpdate, PlanService, PlanUpdate, Priority
from goldenthread.plan.selectors import action_quarters, summary, visible_actions

pytestmark = pytest.mark.django_db
Q2 = Quarter(FinancialYear(2019), 2)
COMMITTEE = datetime.date(2019, 10, 18)  # the Joint Committee that read the Q2 update

# service: (green, amber, red), seed 001 lines 398-423
SEED_COUNTS = {
    "All Services": (9, 4, 0),
    "Finance and Procurement": (3, 5, 0),
    "ICT": (8, 1, 0),
    "Asset Management": (5, 1, 1),
    "Human Resources & Organisational Development": (6, 2, 0),
}
# the seed's printed shares (each rounded alone), lines 398-422
SEED_SHARES = {
    "All Services": (69, 31, 0),
    "Finance and Procurement": (38, 63, 0),
    "ICT": (89, 11, 0),
    "Asset Management": (71, 14, 14),
    "Human Resources & Organisational Development": (75, 25, 0),
}
# goldenthread's: the largest remainder, so each service's shares add up to 100
OUR_SHARES = {
    "All Services": (69, 31, 0),
    "Finance and Procurement": (37, 63, 0),
    "ICT": (89, 11, 0),
    "Asset Management": (72, 14, 14),
    "Human Resources & Organisational Development": (75, 25, 0),
}


def q2_summary():
    team = make_user("team", Role.PERFORMANCE_TEAM)
    actions = visible_actions(scope_of(team))
    rows = action_quarters(actions, Q2, today=COMMITTEE)
    return summary(rows, Q2, PlanService.objects.order_by("number"))


def grid(tallies):
    return {t.judgement.code: t for t in tallies}


def test_the_q2_summary_has_seed_001s_counts_for_every_service():
    load_dataset()
    parts, overall = q2_summary()
    counts = {}
    for part in parts:
        by_code = grid(part.tallies)
        counts[part.name] = tuple(by_code[c].count for c in "GAR")
        assert by_code["C"].count == by_code["NS"].count == 0
        assert part.total == sum(SEED_COUNTS[part.name])
    assert counts == SEED_COUNTS
    assert overall.total == 45 == Action.objects.count()
    assert [grid(overall.tallies)[c].count for c in "GAR"] == [31, 13, 1]


def test_the_shares_add_up_to_100_and_differ_from_the_seeds_only_where_it_rounds_alone():
    load_dataset()
    parts, _ = q2_summary()
    ours = {p.name: tuple(grid(p.tallies)[c].percent for c in "GAR") for p in parts}
    assert ours == OUR_SHARES
    assert all(sum(shares) == 100 for shares in ours.values())
    seeds = {name: tuple(rounded_alone(list(counts))) for name, counts in SEED_COUNTS.items()}
    assert seeds == SEED_SHARES  # the papers' rule reproduces every printed share
    differ = {name for name in ours if ours[name] != SEED_SHARES[name]}
    assert differ == {"Finance and Procurement", "Asset Management"}


def test_each_service_keeps_its_number_lead_and_summary_lines():
    load_dataset()
    parts, _ = q2_summary()
    by_name = {p.name: p for p in parts}
    assert [p.number for p in parts] == [1, 2, 3, 4, 5]  # "1. Asset Management" read as 2
    assert by_name["ICT"].lead == "Director of ICT"
    ict = grid(by_name["ICT"].tallies)
    assert by_name["ICT"].explanation(ict["A"]) == (
        "ICT restructure now commencing on a revised timetable."
    )
    asset = grid(by_name["Asset Management"].tallies)
    assert (
        by_name["Asset Management"]
        .explanation(asset["R"])
        .startswith("Recent recruitment campaign largely unsuccessful")
    )
    assert by_name["All Services"].explanation(grid(by_name["All Services"].tallies)["R"]) == ""


def test_the_q2_updates_are_signed_off_and_there_is_no_q1_or_q3_update():
    load_dataset()
    assert PlanUpdate.objects.count() == 5
    assert set(PlanUpdate.objects.values_list("status", "year", "quarter")) == {
        ("approved", 2019, 2)
    }
    assert ActionUpdate.objects.count() == 45
    assert all(u.source.startswith("seed 001 line ") for u in ActionUpdate.objects.all())


def test_the_transcription_keeps_the_papers_words():
    load_dataset()
    ip03 = Action.objects.get(reference="IP03")
    assert "printed 'IP3'" in ip03.source
    assert Action.objects.get(reference="IP07").target == "to be agreed with partner boroughs"
    assert Action.objects.get(reference="IP07").target_date.due is None
    ip05 = Action.objects.get(reference="IP05")
    assert ip05.target == "30th April 2019 and ongoing"
    assert ip05.target_date.due == datetime.date(2019, 4, 30)
    assert len(Action.objects.get(reference="IP28").target) == 809  # kept whole
    # the ICT section prints Status before Target Date: read by column name, not place
    ip37 = Action.objects.get(reference="IP37")
    assert ip37.target == "indicative date of August, tbc with Executive Director."
    assert ip37.updates.get().status == "A"
    ip38 = Action.objects.get(reference="IP38")
    assert "<" not in ip38.delivery and "\nUpgrade Havering PCs.\n" in ip38.delivery
    assert all(a.priority is not None for a in Action.objects.all())
    assert Priority.objects.count() == 4


def test_havering_sees_all_partners_and_its_own_actions_not_newhams_or_bexleys():
    load_dataset()
    from goldenthread.organisations.models import Organisation

    reader = make_user("cllr", Role.READER, organisations=[Organisation.objects.get(code="LBH")])
    seen = {a.reference for a in visible_actions(scope_of(reader))}
    assert {"IP01", "IP23", "IP22"} <= seen  # ALL, LBH, LBH/LBN
    assert not {"IP24", "IP16", "IP19"} & seen  # LBN, LBB, LBB


def test_a_second_load_changes_nothing_in_the_plan():
    load_dataset()
    history = Action.history.count(), ActionUpdate.history.count()
    again = load_dataset()
    assert (again.created, again.changed) == (0, 0)
    assert (Action.history.count(), ActionUpdate.history.count()) == history


def _broken(tmp_path, name, row, old, new):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(row))
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "row", "old", "new", "message"),
    [
        (
            "plan_updates.csv",
            "IP01,",
            ",G,",
            ",Purple,",
            "plan_updates.csv row 2, column status: 'Purple' is not a judgement",
        ),
        (
            "plan_actions.csv",
            "IP24,",
            ",LBN,",
            ",LBZ,",
            "plan_actions.csv row 25, column partners: 'LBZ' is not ALL or codes",
        ),
        (
            "plan_actions.csv",
            "IP04,",
            "1st July 2019",
            "1st July 2019 " + "and later " * 100,
            "plan_actions.csv row 5, column target: Target date must be 1000 characters or fewer",
        ),
        (
            "plan_actions.csv",
            "IP02,",
            ",STR-02,",
            ",=HYPERLINK(1),",
            "plan_actions.csv row 3, column indicators: unknown indicator '=HYPERLINK(1)'",
        ),
        (
            "plan_updates.csv",
            "IP02,",
            ",2019,2,",
            ",2019,7,",
            "plan_updates.csv row 3, columns year and quarter",
        ),
    ],
)
def test_a_bad_plan_row_is_refused_naming_its_place_and_nothing_is_saved(
    tmp_path, name, row, old, new, message
):
    folder = _broken(tmp_path, name, row, old, new)
    with pytest.raises(DatasetError) as error:
        load_dataset(folder)
    assert message in str(error.value)
    assert not Action.objects.exists() and not PlanService.objects.exists()

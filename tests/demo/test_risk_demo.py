"""The demo's illustrative risk register: marked illustrative everywhere, built
from the seeds' pressures (each citing its line), scored on the default 5 x 5
matrix, with two signed-off quarters of reviews so movement, the heat map,
appetite and an overdue review show. See data/README.md and docs/demo.md."""

from __future__ import annotations

import datetime
import shutil

import pytest
from tests.factories import make_user

from goldenthread.demo.load import DATA, DatasetError, load_dataset
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.risk_matrix import DEFAULT, Trend
from goldenthread.organisations.models import Organisation
from goldenthread.people.access import scope_of
from goldenthread.people.models import Role
from goldenthread.risks.models import Appetite, ReviewRound, Risk, RiskAction, RiskReview
from goldenthread.risks.selectors import heat_map, risk_matrix, standings, visible_risks

pytestmark = pytest.mark.django_db
Q1, Q2 = Quarter(FinancialYear(2019), 1), Quarter(FinancialYear(2019), 2)
COMMITTEE = datetime.date(2019, 10, 18)


def test_every_risk_is_illustrative_and_cites_a_seed_line():
    load_dataset()
    risks = list(Risk.objects.all())
    assert 10 <= len(risks) <= 14
    for risk in risks:
        assert risk.source.startswith("illustrative, from seed 001 line"), risk.reference
        assert risk.organisation.code == "OS"
        assert risk.controls.count() >= 2
    assert {r.category for r in risks} == {"strategic", "operational"}
    assert {r.escalation for r in risks if r.category == "strategic"} == {"Joint Committee"}
    assert {r.escalation for r in risks if r.category == "operational"} == {"Section 151 officers"}
    assert risk_matrix() == DEFAULT


def test_the_pressures_the_issue_names_are_on_the_register():
    load_dataset()
    titles = " ".join(Risk.objects.values_list("title", flat=True)).lower()
    for pressure in ("property services", "reserve", "housing benefit", "oracle fusion"):
        assert pressure in titles


def test_two_signed_off_quarters_give_movement_up_down_and_same():
    load_dataset()
    assert set(ReviewRound.objects.values_list("status", flat=True)) == {"approved"}
    assert RiskReview.objects.count() == 2 * Risk.objects.count()
    q2 = standings(Risk.objects.all(), quarter=Q2, today=COMMITTEE)
    trends = {s.risk.reference: s.trend for s in q2}
    assert trends["OR01"] == trends["SR01"] == Trend.UP
    assert trends["OR02"] == trends["OR06"] == Trend.DOWN
    assert trends["SR02"] == Trend.SAME
    assert {t for t in trends.values()} == {Trend.UP, Trend.DOWN, Trend.SAME}
    # Q1's reviews confirmed the scores entered on the register
    assert {s.trend for s in standings(Risk.objects.all(), quarter=Q1)} == {Trend.SAME}


def test_the_highest_risks_appetite_and_the_overdue_review():
    load_dataset()
    q2 = standings(Risk.objects.all(), quarter=Q2, today=COMMITTEE)
    assert [s.risk.reference for s in q2[:2]] == ["OR01", "SR01"]  # 5 x 4, then 4 x 4
    assert q2[0].level.name == "Very high"
    above = {s.risk.reference for s in q2 if s.above_appetite}
    assert above == {"OR01", "SR01", "SR02"}
    # very high risks are reviewed monthly: SR01's review of 22 August fell due on 22 September
    overdue = {s.risk.reference for s in q2 if s.review_overdue}
    assert overdue == {"SR01"}
    assert Appetite.objects.get(service_area__name="Housing Benefits").level == "Medium"


def test_the_heat_map_counts_every_risk_once():
    load_dataset()
    q2 = standings(Risk.objects.all(), quarter=Q2, today=COMMITTEE)
    cells = [cell for row in heat_map(q2, risk_matrix()) for cell in row]
    assert sum(c.count for c in cells) == Risk.objects.count()
    (busiest,) = [c for c in cells if c.count == max(c.count for c in cells)]
    assert (busiest.likelihood, busiest.impact, busiest.level.name) == (3, 3, "Medium")


def test_further_actions_link_to_plan_actions():
    load_dataset()
    linked = RiskAction.objects.exclude(plan_action=None)
    assert {a.plan_action.reference for a in linked} >= {"IP20", "IP21", "IP40", "IP22", "IP14"}
    assert {a.risk.reference for a in linked.filter(plan_action__reference="IP22")} == {"OR01"}


def test_havering_sees_its_own_and_all_partners_risks_not_newhams_or_bexleys():
    load_dataset()
    reader = make_user("cllr", Role.READER, organisations=[Organisation.objects.get(code="LBH")])
    seen = {r.reference for r in visible_risks(scope_of(reader))}
    assert {"SR01", "OR02", "OR01"} <= seen  # ALL, LBH, LBH/LBN
    assert "SR04" not in seen  # Bexley's


def _broken(tmp_path, name, row, old, new):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / name
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(row))
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "row", "old", "new", "message"),
    [
        (
            "risk_reviews.csv",
            "OR01,2019,2,",
            ",5,4,",
            ",6,4,",
            "risk_reviews.csv row 11, columns likelihood and impact: the likelihood must be 1 to 5",
        ),
        (
            "risk_actions.csv",
            "OR06,",
            ",IP37,",
            ",IP99,",
            "risk_actions.csv row 14, column plan_action: not in plan_actions.csv",
        ),
        (
            "risks.csv",
            "SR01,",
            ",yes,",
            ",no,",
            "risks.csv row 2, column illustrative: the register is illustrative",
        ),
        (
            "risk_controls.csv",
            "SR01,",
            ",effective,",
            ",\x07mostly,",
            "risk_controls.csv row 2, column effectiveness:",
        ),
        (
            "risks.csv",
            "OR03,",
            ",2,3,,open,",
            ",5,5,,open,",
            "risks.csv row 8, column target_likelihood: The target score cannot be worse",
        ),
    ],
)
def test_a_bad_register_row_is_refused_naming_its_place_and_nothing_is_saved(
    tmp_path, name, row, old, new, message
):
    folder = _broken(tmp_path, name, row, old, new)
    with pytest.raises(DatasetError) as error:
        load_dataset(folder)
    assert message in str(error.value)
    assert not Risk.objects.exists() and not RiskReview.objects.exists()

"""The risk register's pages: who sees which risks, the heat map and its table,
the filters, the movement since last quarter, a risk's page (scores in words,
controls, further actions, score history, changes), the team's forms, the
quarterly review on the shared lifecycle, and the matrix and appetite settings.
Hostile input throughout: another council's risk, unknown filter values,
formula-like and marked-up text, stale saves."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from tests.factories import ActionFactory, ReviewRoundFactory, RiskFactory, RiskReviewFactory

from goldenthread.risks.models import Appetite, Control, ReviewRound, Risk, RiskAction, RiskSettings
from goldenthread.risks.selectors import risk_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def risks(world):
    """On Havering's register for Payroll: SR01 for all partners, SR02 Havering's
    own; on Newham's: SR03 Newham's own (Payroll), OR01 operational for all."""
    return {
        "SR01": RiskFactory(
            reference="SR01",
            title="Reserves unable to meet overspends",
            organisation=world.lbh,
            service_area=world.payroll,
            current_likelihood=4,
            current_impact=4,
        ),
        "SR02": RiskFactory(
            reference="SR02",
            title="Recruitment to Property Services",
            organisation=world.lbh,
            service_area=world.payroll,
            partners=[world.lbh],
            current_likelihood=3,
            current_impact=3,
        ),
        "SR03": RiskFactory(
            reference="SR03",
            title="Newham's own payroll risk",
            organisation=world.lbn,
            service_area=world.payroll,
            partners=[world.lbn],
            current_likelihood=5,
            current_impact=5,
        ),
        "OR01": RiskFactory(
            reference="OR01",
            title="Universal Credit and Housing Benefit processing",
            category="operational",
            organisation=world.lbn,
            service_area=world.benefits,
            current_likelihood=2,
            current_impact=2,
        ),
    }


def _approved(risk, year, quarter, likelihood, impact, comment="Reviewed."):
    review_round, _ = ReviewRound.objects.get_or_create(
        organisation=risk.organisation,
        service_area=risk.service_area,
        year=year,
        quarter=quarter,
        defaults={"status": "approved"},
    )
    return RiskReviewFactory(
        round=review_round,
        risk=risk,
        likelihood=likelihood,
        impact=impact,
        comment=comment,
        reviewed_on=datetime.date(year, 3 * quarter + 3, 28),
    )


def _text(response) -> str:
    return response.content.decode()


# -- the register -------------------------------------------------------------------


def test_havering_sees_its_own_and_all_partners_risks_not_newhams(client_for, risks):
    page = _text(client_for("councillor.lbh").get(reverse("risks:register")))
    assert "SR01" in page and "SR02" in page and "OR01" in page
    assert "SR03" not in page and "Newham&#x27;s own" not in page


def test_the_heat_map_counts_each_cell_with_its_level_in_words(client_for, risks):
    response = client_for("performance").get(reverse("risks:register"))
    cells = {(c.likelihood, c.impact): c for line in response.context["heat_map"] for c in line}
    assert cells[(4, 4)].references == ("SR01",) and cells[(4, 4)].level.name == "Very high"
    assert cells[(5, 5)].references == ("SR03",)
    assert cells[(1, 1)].count == 0 and cells[(1, 1)].level.name == "Low"
    listed = [(c.likelihood, c.impact, c.count) for c in response.context["heat_cells"]]
    assert listed == [(5, 5, 1), (4, 4, 1), (3, 3, 1), (2, 2, 1)]
    page = _text(response)
    assert 'aria-label="Heat map: risks by likelihood and impact"' in page
    assert "The heat map as a list" in page
    assert page.index("5 Almost certain") < page.index("1 Rare")  # most likely first


def test_strategic_and_operational_risks_are_two_headed_groups(client_for, risks):
    response = client_for("performance").get(reverse("risks:register"))
    groups = response.context["groups"]
    assert [g.category for g in groups] == ["strategic", "operational"]
    assert [s.risk.reference for s in groups[0].rows] == ["SR03", "SR01", "SR02"]
    page = _text(response)
    assert "reported to the Joint Committee" in page
    assert "reported quarterly to the Section 151 officers" in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("category=operational", {"OR01"}),
        ("level=Very+high", {"SR01", "SR03"}),
        ("council=LBH", {"SR01", "SR02", "OR01"}),
        ("status=closed", set()),
        ("above_appetite=1", {"SR01", "SR03"}),
        ("category=%3Cscript%3E&level=nonsense&service_area=99999&council=XX", None),
        ("status=%00%01&above_appetite=yes&period=" + "Q9" * 500, None),
    ],
)
def test_the_filters_and_unknown_values_ignored(client_for, risks, query, shown):
    Appetite.objects.create(category="strategic", level="High")
    response = client_for("performance").get(reverse("risks:register") + "?" + query)
    assert response.status_code == 200
    got = {s.risk.reference for s in response.context["rows"]}
    assert got == (shown if shown is not None else set(risks))


def test_a_council_filter_cannot_reach_a_council_the_person_does_not_cover(client_for, risks):
    response = client_for("councillor.lbh").get(reverse("risks:register") + "?council=LBN")
    assert {s.risk.reference for s in response.context["rows"]} == {"SR01", "SR02", "OR01"}


def test_a_review_overdue_is_flagged_and_filtered(client_for, risks):
    risks["SR02"].review_date = datetime.date(2019, 7, 1)
    risks["SR02"].save()
    response = client_for("performance").get(
        reverse("risks:register") + "?period=2019/20+Q3&review_overdue=1"
    )
    assert [s.risk.reference for s in response.context["rows"]] == ["SR02"]
    assert "Review overdue" in _text(response)


def test_the_movement_since_last_quarter_from_signed_off_reviews(client_for, risks):
    _approved(risks["SR01"], 2019, 1, 4, 4)
    _approved(risks["SR01"], 2019, 2, 3, 4)
    _approved(risks["SR02"], 2019, 1, 3, 3)
    _approved(risks["SR02"], 2019, 2, 4, 4)
    _approved(risks["OR01"], 2019, 2, 2, 2)
    unsigned = ReviewRoundFactory(
        organisation=risks["OR01"].organisation,
        service_area=risks["OR01"].service_area,
        year=2019,
        quarter=3,
        status="submitted",
    )
    RiskReviewFactory(round=unsigned, risk=risks["OR01"], likelihood=5, impact=5)
    response = client_for("performance").get(reverse("risks:register") + "?period=2019/20+Q2")
    moved = {m.standing.risk.reference: m.trend.value for m in response.context["movements"]}
    assert moved == {"SR01": "down", "SR02": "up", "OR01": "new", "SR03": "new"}
    page = _text(response)
    assert "Down (better)" in page and "Up (worse)" in page
    assert '<span class="gt-direction__arrow" aria-hidden="true">↓</span>' in page
    later = client_for("performance").get(reverse("risks:register") + "?period=2019/20+Q3")
    current = {s.risk.reference: s.current.value for s in later.context["rows"]}
    assert current["OR01"] == 4  # the submitted review is not signed off: not counted


def test_the_register_defaults_to_the_latest_signed_off_quarter(client_for, risks):
    _approved(risks["SR01"], 2019, 2, 3, 4)
    response = client_for("performance").get(reverse("risks:register"))
    assert response.context["quarter"].label == "2019/20 Q2"


# -- a risk's page ------------------------------------------------------------------


def test_a_risk_of_a_council_not_covered_is_not_found(client_for, risks):
    client = client_for("councillor.lbh")
    assert client.get(reverse("risks:risk", args=["SR03"])).status_code == 404
    assert client.get(reverse("risks:risk", args=["SR01"])).status_code == 200
    assert client.get(reverse("risks:risk", args=["X" * 500])).status_code == 404


def test_a_risk_page_gives_its_scores_in_words_history_chart_and_table(client_for, risks):
    _approved(risks["SR01"], 2019, 1, 4, 4, comment="Reserves drawn down.")
    _approved(risks["SR01"], 2019, 2, 3, 4, comment="Savings plan agreed.")
    response = client_for("councillor.lbh").get(reverse("risks:risk", args=["SR01"]))
    page = _text(response)
    assert "Almost certain (4)" not in page  # the words are the matrix's
    assert "Likely (4) x Severe (5) = 20, Very high" in page  # inherent
    assert "Possible (3) x Major (4) = 12, High" in page  # current, from the Q2 review
    assert "Unlikely (2) x Moderate (3) = 6, Medium" in page  # target
    assert "Down (better)" in page
    assert 'role="img"' in page and "<svg" in page and "Line chart of the score of SR01" in page
    assert "Scores in the chart" in page and "2019/20 Q1" in page
    assert "Savings plan agreed." in page and "Reserves drawn down." in page


def test_text_is_shown_as_text_never_as_markup(client_for, risks):
    risk = risks["SR01"]
    risk.cause = '<script>alert("x")</script>'
    risk.title = '=HYPERLINK("http://evil")'
    risk.save()
    page = _text(client_for("performance").get(reverse("risks:risk", args=["SR01"])))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "=HYPERLINK(&quot;http://evil&quot;)" in page


def test_the_change_history_names_who_changed_what(client_for, risks, world):
    client = client_for("performance")
    data = _risk_post(world, reference="SR01", title="Reserves unable to meet overspends")
    data["owner"] = "Director of Finance"
    response = client.post(reverse("risks:edit", args=["SR01"]), data)
    assert response.status_code == 302
    page = _text(client.get(reverse("risks:risk", args=["SR01"])))
    assert "Owner: (blank) → Director of Finance" in page
    assert "performance" in page


# -- the team's forms ---------------------------------------------------------------


def _risk_post(world, **changes):
    data = {
        "reference": "SR10",
        "title": "Oracle Fusion delivery dates slip",
        "category": "strategic",
        "organisation": world.lbh.id,
        "service_area": world.payroll.id,
        "all_partners": "on",
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "current_likelihood": 3,
        "current_impact": 4,
        "target_likelihood": 2,
        "target_impact": 3,
        "status": "open",
    }
    data.update(changes)
    return data


def test_the_team_adds_a_risk_and_others_may_not(client_for, world):
    for username in ("officer.lbh", "director", "councillor.lbh"):
        client = client_for(username)
        assert client.get(reverse("risks:new")).status_code == 403
        assert client.post(reverse("risks:new"), _risk_post(world)).status_code == 403
    assert not Risk.objects.exists()
    response = client_for("performance").post(reverse("risks:new"), _risk_post(world))
    assert response.status_code == 302
    risk = Risk.objects.get(reference="SR10")
    assert risk.all_partners and risk.current.value == 12


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"current_likelihood": 9}, "likelihood from the list"),
        ({"reference": "1; DROP TABLE"}, "Enter a reference of up to 20 letters"),
        ({"target_likelihood": 5, "target_impact": 5}, "cannot be worse than the current"),
        ({"title": "x" * 301}, "300 characters or fewer"),
    ],
)
def test_a_risk_with_a_mistake_is_not_saved_and_the_mistake_named(
    client_for, world, changes, message
):
    response = client_for("performance").post(reverse("risks:new"), _risk_post(world, **changes))
    assert response.status_code == 400
    assert message in _text(response) or message.lower() in _text(response).lower()
    assert not Risk.objects.exists()


# -- controls and further actions ---------------------------------------------------


def test_the_service_officer_adds_changes_and_removes_a_control(client_for, risks):
    client = client_for("officer.lbh")  # enters Payroll data for Havering
    url = reverse("risks:control_add", args=["SR01"])
    response = client.post(
        url,
        {
            "new-control-description": "Monthly budget monitoring",
            "new-control-owner": "Head of Finance",
            "new-control-effectiveness": "partly",
        },
    )
    assert response.status_code == 302
    control = Control.objects.get(risk=risks["SR01"])
    page = _text(client.get(reverse("risks:risk", args=["SR01"]) + f"?change=control-{control.pk}"))
    assert f'id="id_control-{control.pk}-description"' in page
    change = reverse("risks:control_change", args=["SR01", control.pk])
    client.post(
        change,
        {
            f"control-{control.pk}-description": "Monthly budget monitoring",
            f"control-{control.pk}-owner": "Head of Finance",
            f"control-{control.pk}-effectiveness": "effective",
        },
    )
    control.refresh_from_db()
    assert control.effectiveness == "effective"
    client.post(change, {"action": "delete"})
    assert not Control.objects.exists()


def test_controls_are_changed_only_by_the_team_and_the_risks_own_service(client_for, risks):
    data = {"new-control-description": "A control", "new-control-effectiveness": "effective"}
    for username, status in (
        ("officer.lbn", 404),  # Havering's own risk: not theirs to see
        ("councillor.lbh", 403),
        ("director", 403),
    ):
        response = client_for(username).post(reverse("risks:control_add", args=["SR02"]), data)
        assert response.status_code == status, username
    assert not Control.objects.exists()
    assert (
        client_for("councillor.lbh").get(reverse("risks:control_add", args=["SR02"])).status_code
        == 405
    )


def test_a_control_of_another_risk_cannot_be_changed_through_this_one(client_for, risks):
    other = Control.objects.create(risk=risks["SR03"], description="Newham's control")
    response = client_for("performance").post(
        reverse("risks:control_change", args=["SR01", other.pk]), {"action": "delete"}
    )
    assert response.status_code == 404
    assert Control.objects.filter(pk=other.pk).exists()


def test_an_empty_control_is_refused_on_the_risk_page(client_for, risks):
    response = client_for("performance").post(
        reverse("risks:control_add", args=["SR01"]), {"new-control-description": ""}
    )
    assert response.status_code == 400
    assert "There is a problem" in _text(response)
    assert not Control.objects.exists()


def test_a_further_action_links_its_improvement_plan_action(client_for, risks, world):
    plan_action = ActionFactory(reference="IP07")
    client = client_for("performance")
    response = client.post(
        reverse("risks:action_add", args=["SR01"]),
        {
            "new-action-owner": "Head of Exchequer",
            "new-action-due": "2019-12-31",
            "new-action-plan_action": plan_action.pk,
        },
    )
    assert response.status_code == 302
    assert RiskAction.objects.get().plan_action == plan_action
    page = _text(client.get(reverse("risks:risk", args=["SR01"])))
    assert f'href="{reverse("plan:action", args=["IP07"])}"' in page
    assert "31 Dec 2019" in page


def test_a_further_action_cannot_name_a_plan_action_the_person_may_not_see(
    client_for, risks, world
):
    newham_only = ActionFactory(reference="IP30", partners=[world.lbn])
    response = client_for("officer.lbh").post(
        reverse("risks:action_add", args=["SR01"]),
        {"new-action-description": "Do it", "new-action-plan_action": newham_only.pk},
    )
    assert response.status_code == 400
    assert not RiskAction.objects.exists()


# -- the quarterly review -----------------------------------------------------------


def _review_url(code, area, year=2019, quarter=3):
    return reverse("risks:review", args=[code, area.id, year, quarter])


def _review_post(version=0, action="save", **per_risk):
    data = {"version": str(version), "action": action}
    for reference, (likelihood, impact, comment) in per_risk.items():
        data[f"{reference}-likelihood"] = str(likelihood)
        data[f"{reference}-impact"] = str(impact)
        data[f"{reference}-comment"] = comment
    return data


def test_a_review_is_saved_submitted_and_signed_off(client_for, risks, world):
    _approved(risks["SR01"], 2019, 2, 4, 4)
    url = _review_url("LBH", world.payroll)
    officer = client_for("officer.lbh")
    page = _text(officer.get(url))
    assert "Likely (4) x Major (4) = 16, Very high" in page  # the last signed-off score
    assert "SR03" not in page  # Newham's register
    response = officer.post(url, _review_post(SR01=(3, 4, "Savings agreed."), SR02=(3, 3, "")))
    assert response.status_code == 302
    review_round = ReviewRound.objects.get(organisation=world.lbh, quarter=3)
    assert review_round.version == 1 and review_round.reviews.count() == 2
    response = officer.post(
        url, _review_post(1, "submit", SR01=(3, 4, "Savings agreed."), SR02=(3, 3, ""))
    )
    assert response.status_code == 400
    assert "SR02: say what changed, or why nothing did" in _text(response)
    response = officer.post(
        url, _review_post(2, "submit", SR01=(3, 4, "Savings agreed."), SR02=(3, 3, "No change."))
    )
    assert response.status_code == 302
    review_round.refresh_from_db()
    assert review_round.status == "submitted"
    assert (
        officer.post(
            reverse("risks:decide", args=["LBH", world.payroll.id, 2019, 3]),
            {"action": "approve", "version": review_round.version},
        ).status_code
        == 403
    )
    director = client_for("director")
    assert "Sign-off" in _text(director.get(url))
    response = director.post(
        reverse("risks:decide", args=["LBH", world.payroll.id, 2019, 3]),
        {"action": "approve", "version": review_round.version},
    )
    assert response.status_code == 302
    review_round.refresh_from_db()
    assert review_round.status == "approved"
    register = client_for("councillor.lbh").get(reverse("risks:register") + "?period=2019/20+Q3")
    current = {s.risk.reference: s.current.value for s in register.context["rows"]}
    assert current["SR01"] == 12


def test_review_errors_are_named_per_risk(client_for, risks, world):
    response = client_for("officer.lbh").post(
        _review_url("LBH", world.payroll),
        _review_post(SR01=(9, 4, "x"), SR02=(3, 3, "\x00" + "y" * 5000)),
    )
    assert response.status_code == 400
    page = _text(response)
    assert "SR01: Select a likelihood from the list" in page or "SR01: Select a valid" in page
    assert "SR02: Comment must be 4000 characters or fewer" in page
    assert not ReviewRound.objects.exists()


def test_a_stale_save_is_refused_keeping_the_entries_and_naming_who(client_for, risks, world):
    url = _review_url("LBH", world.payroll)
    client_for("performance").post(url, _review_post(SR01=(2, 2, "Theirs."), SR02=(3, 3, "")))
    response = client_for("officer.lbh").post(
        url, _review_post(0, SR01=(5, 5, "Mine."), SR02=(3, 3, ""))
    )
    assert response.status_code == 400
    page = _text(response)
    assert "Someone else saved this risk review" in page and "Last saved by performance" in page
    assert "Mine." in page and "Theirs." in page
    stored = ReviewRound.objects.get().reviews.get(risk=risks["SR01"])
    assert stored.comment == "Theirs."


def test_the_review_page_of_a_council_not_covered_or_without_risks_is_not_found(
    client_for, risks, world
):
    officer = client_for("officer.lbh")
    assert officer.get(_review_url("LBN", world.payroll)).status_code == 404
    assert officer.get(_review_url("LBH", world.litigation)).status_code == 404
    assert officer.get(_review_url("LBH", world.payroll, quarter=7)).status_code == 404
    assert officer.get(_review_url("ZZZ" * 30, world.payroll)).status_code == 404


def test_only_the_areas_officers_and_the_team_save_a_review(client_for, risks, world):
    url = _review_url("LBH", world.payroll)
    data = _review_post(SR01=(3, 4, "x"), SR02=(3, 3, "y"))
    for username in ("councillor.lbh", "director", "s151"):
        assert client_for(username).post(url, data).status_code == 403
    assert not ReviewRound.objects.exists()


def test_the_register_links_the_reviews_a_person_owes(client_for, risks, world):
    response = client_for("officer.lbh").get(reverse("risks:register") + "?period=2019/20+Q3")
    assert _review_url("LBH", world.payroll) in _text(response)
    reader = client_for("councillor.lbh").get(reverse("risks:register") + "?period=2019/20+Q3")
    assert "Quarterly reviews for" not in _text(reader)


# -- settings -----------------------------------------------------------------------


def _matrix_post(matrix, **changes):
    data = {"part": "matrix"}
    for n, word in enumerate(matrix.likelihoods, 1):
        data[f"likelihood_{n}"] = word
    for n, word in enumerate(matrix.impacts, 1):
        data[f"impact_{n}"] = word
    for n, level in enumerate(matrix.levels, 1):
        data[f"level_{n}_name"] = level.name
        data[f"level_{n}_colour"] = level.colour
        data[f"level_{n}_months"] = str(level.review_months)
    n = len(matrix.levels) + 1
    data.update({f"level_{n}_name": "", f"level_{n}_colour": "grey", f"level_{n}_months": ""})
    for li, row in enumerate(matrix.cells, 1):
        for i, index in enumerate(row, 1):
            data[f"cell_{li}_{i}"] = str(index + 1)
    data.update(changes)
    return data


def test_settings_are_the_teams_only(client_for, world):
    for username in ("officer.lbh", "director", "councillor.lbh"):
        assert client_for(username).get(reverse("risks:settings")).status_code == 403
    page = _text(client_for("performance").get(reverse("risks:settings")))
    assert '<label class="govuk-label govuk-label--s" for="id_cell_4_5">' in page
    assert "Likelihood 4 Likely, impact 5 Severe" in page


def test_the_team_changes_the_matrix_words_and_a_cells_level(client_for, world):
    matrix = risk_matrix()
    data = _matrix_post(matrix, likelihood_4="Probable", cell_1_5="2")  # Rare x Severe: Medium
    response = client_for("performance").post(reverse("risks:settings"), data)
    assert response.status_code == 302
    saved = risk_matrix()
    assert saved.likelihoods[3] == "Probable" and saved.cells[0][4] == 1
    assert RiskSettings.objects.get().history.first().history_user.username == "performance"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cell_5_5": "1"}, "cannot be a lower level than a less likely"),
        ({"likelihood_2": "Rare"}, "uses a word twice"),
        ({"likelihood_2": "x" * 41}, "40 characters or fewer"),
        ({"level_2_colour": "chartreuse"}, "Select a level 2 colour from the list"),
        ({"level_5_name": "Extreme"}, "Enter how often a risk at this level is reviewed"),
        ({"cell_5_5": "5"}, "Choose a level that has a name"),
        ({"cell_3_3": "99"}, "from the list"),
    ],
)
def test_a_matrix_with_a_mistake_is_refused(client_for, world, changes, message):
    data = _matrix_post(risk_matrix(), **changes)
    response = client_for("performance").post(reverse("risks:settings"), data)
    assert response.status_code == 400
    assert message.lower() in _text(response).lower()
    assert not RiskSettings.objects.exists()


def test_a_matrix_leaving_an_appetite_off_it_is_refused_naming_it(client_for, world):
    Appetite.objects.create(category="strategic", level="Medium")
    data = _matrix_post(risk_matrix(), level_2_name="Moderate")
    response = client_for("performance").post(reverse("risks:settings"), data)
    assert response.status_code == 400
    assert "&#x27;Medium&#x27; is not a level of the matrix" in _text(response)
    assert not RiskSettings.objects.exists()


def test_an_appetite_is_set_changed_and_removed(client_for, world):
    client = client_for("performance")
    url = reverse("risks:settings")
    post = {"part": "appetite", "appetite-category": "strategic", "appetite-level": "Medium"}
    assert client.post(url, post).status_code == 302
    assert client.post(url, {**post, "appetite-level": "High"}).status_code == 302
    (appetite,) = Appetite.objects.all()
    assert appetite.level == "High"
    assert client.post(url, {**post, "appetite-level": "Catastrophic"}).status_code == 400
    assert client.post(url, {"part": "appetite", "delete": "x" * 40}).status_code == 302
    assert Appetite.objects.count() == 1
    client.post(url, {"part": "appetite", "delete": str(appetite.pk)})
    assert not Appetite.objects.exists()


def risk_world(world) -> dict[str, Risk]:
    """For the access matrix and the browser tests, made once: a risk on each
    council's register for Payroll, for that council only (RK-LBH, RK-LBN), each
    with a control and a further action, Havering's with two signed-off reviews."""
    made = {}
    for organisation in (world.lbh, world.lbn):
        reference = f"RK-{organisation.code}"
        risk = Risk.objects.filter(reference=reference).first()
        if risk is None:
            risk = RiskFactory(
                reference=reference,
                title=f"Payroll errors at {organisation.code} (illustrative)",
                organisation=organisation,
                service_area=world.payroll,
                partners=[organisation],
                cause="Staff turnover in the payroll team",
                owner="Head of Payroll",
            )
            Control.objects.create(risk=risk, description="Second check of each run")
            RiskAction.objects.create(risk=risk, description="Recruit two officers")
            if organisation == world.lbh:
                _approved(risk, 2019, 1, 4, 4, comment="Two vacancies.")
                _approved(risk, 2019, 2, 3, 4, comment="One vacancy filled.")
        made[organisation.code] = risk
    return made


def test_a_second_person_editing_the_same_risk_is_told_and_loses_nothing(client_for, world):
    team = client_for("performance")
    assert team.post(reverse("risks:new"), _risk_post(world)).status_code == 302
    edit = reverse("risks:edit", args=["SR10"])
    form = team.get(edit).context["form"]
    seen = form.initial["seen"]
    mine = _risk_post(world, owner="Ann", seen=seen)
    theirs = _risk_post(world, title="Oracle Fusion is late", seen=seen)
    assert team.post(edit, theirs).status_code == 302  # the first saves
    refused = team.post(edit, mine)  # the second, on the copy opened before
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "changed this risk" in page and "after you opened it" in page
    assert 'value="Ann"' in page  # their entries stay on the page
    from goldenthread.risks.models import Risk

    assert Risk.objects.get(reference="SR10").title == "Oracle Fusion is late"
    again = refused.context["form"].data["seen"]
    assert team.post(edit, mine | {"seen": again}).status_code == 302  # saved, knowingly
    assert Risk.objects.get(reference="SR10").owner == "Ann"

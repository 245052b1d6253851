"""The register: targets the rating engine cannot read are refused; retired
indicators leave the overview and returns but keep their history."""

import datetime
from decimal import Decimal

from django.urls import reverse

from goldenthread.indicators.models import Target


def target_form(world, text):
    return {
        "indicator": world.possession.id,
        "organisation": world.lbh.id,
        "year": 2020,
        "text": text,
        "source": "",
    }


def test_admin_refuses_a_target_it_cannot_read_and_names_it(client_for, world):
    client = client_for("performance")
    response = client.post(reverse("admin:indicators_target_add"), target_form(world, "ninety-ish"))
    assert response.status_code == 200
    assert "Target: could not read" in response.content.decode()
    assert not Target.objects.filter(year=2020).exists()
    client.post(reverse("admin:indicators_target_add"), target_form(world, ">90%"))
    assert Target.objects.get(year=2020).text == ">90%"


def test_a_retired_indicator_leaves_the_overview_but_keeps_its_page(client_for, world):
    client = client_for("performance")
    world.hb_new_claims.retired_on = datetime.date(2020, 3, 31)
    world.hb_new_claims.save()
    # retired from 31 Mar 2020: gone from the quarters after, kept in those before
    # (issue 16: retiring no longer reaches into past quarters)
    overview = client.get(reverse("overview:home") + "?period=2020/21+Q1").content.decode()
    assert "Housing Benefit - new claims" not in overview
    before = client.get(reverse("overview:home") + "?period=2019/20+Q1").content.decode()
    assert "Housing Benefit - new claims" in before
    page = client.get(reverse("indicators:detail", args=["EX-01"]) + "?period=2019/20+Q1")
    text = page.content.decode()
    assert "Retired 31 Mar 2020" in text and "22.3 days" in text
    assert "Retired on: (blank) → 31 Mar 2020" in text  # on the indicator's history, in words
    register = client.get(reverse("indicators:list") + "?retired=1").content.decode()
    assert "Retired 31 Mar 2020" in register


def targets_page(world):
    return reverse("indicators:targets", args=["LG-01", 2019])


def test_performance_team_sets_targets_per_council_with_errors_named(client_for, world):
    client = client_for("performance")
    response = client.post(targets_page(world), {"target_LBH": ">90%", "target_LBN": "ninety-ish"})
    text = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_target_LBN"' in text and "Target for LBN: could not read" in text
    assert 'value="ninety-ish"' in text  # what they typed is kept
    assert Target.objects.get(indicator=world.possession, organisation=world.lbh).text == ">90%"
    client.post(targets_page(world), {"target_LBH": ">95%", "target_LBN": ">92%"})
    texts = dict(
        Target.objects.filter(indicator=world.possession).values_list("organisation__code", "text")
    )
    assert texts == {"LBH": ">95%", "LBN": ">92%"}
    history = client.get(reverse("indicators:detail", args=["LG-01"])).content.decode()
    assert "Target LBN 2019/20" in history and "&gt;90% → &gt;92%" in history


def test_last_years_outturn_is_recorded_beside_the_targets(client_for, world):
    from goldenthread.returns.models import Measurement

    client = client_for("performance")
    form = {"target_LBH": ">90%", "target_LBN": ">90%", "outturn_LBH": "", "outturn_LBN": "9 days"}
    response = client.post(targets_page(world), form)
    text = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_outturn_LBN"' in text and "Outturn for LBN: enter a figure in %" in text
    assert not Measurement.objects.filter(months=12, indicator=world.possession).exists()
    client.post(targets_page(world), {**form, "outturn_LBN": "88.5%", "outturn_LBH": "n/a"})
    stored = Measurement.objects.get(months=12, indicator=world.possession, organisation=world.lbn)
    assert (str(stored.start), stored.amount) == ("2018-04-01", Decimal("88.5"))
    lbh = Measurement.objects.get(months=12, indicator=world.possession, organisation=world.lbh)
    assert lbh.kind == "n/a"
    again = client.get(targets_page(world)).content.decode()
    assert 'value="88.5%"' in again and 'value="n/a"' in again
    page = client.get(reverse("indicators:detail", args=["LG-01"]) + "?period=2019/20+Q1")
    assert "88.5%" in page.content.decode()


def test_only_the_performance_team_changes_targets(client_for, world):
    for role in ("officer.lbh", "director", "s151"):
        assert client_for(role).get(targets_page(world)).status_code == 403


def indicator_form(world, **changes):
    form = {
        "reference": "EX-99",
        "title": "Payroll queries answered within 5 days",
        "definition": "Queries answered in full within 5 working days, over all queries",
        "service_area": world.payroll.id,
        "tier": "operational",
        "unit": "%",
        "decimals": "1",
        "polarity": "up",
        "aggregation": "mean",
        "frequency": "monthly",
        "scheme": "rag",
        "tolerance": "2pp",
        "comparison": "same-period-last-year",
        "organisations": [world.lbh.id, world.lbn.id],
        "owner": "Head of Payroll",
        "retired_on": "",
        "breakdowns": "HAY; GLPC",
    }
    return {**form, **changes}


def test_performance_team_adds_an_indicator_in_the_application(client_for, world):
    from goldenthread.indicators.models import Indicator

    client = client_for("performance")
    assert client.get(reverse("indicators:new")).status_code == 200
    response = client.post(reverse("indicators:new"), indicator_form(world))
    assert response.status_code == 302
    added = Indicator.objects.get(reference="EX-99")
    assert added.tolerance == "2pp" and added.decimals == 1
    assert sorted(o.code for o in added.organisations.all()) == ["LBH", "LBN"]
    assert sorted(b.name for b in added.breakdowns.all()) == ["GLPC", "HAY"]
    assert added.history.first().history_user == world.users["performance"]
    page = client.get(reverse("indicators:detail", args=["EX-99"])).content.decode()
    assert "Payroll queries answered within 5 days" in page


def test_the_indicator_form_names_each_problem_and_keeps_what_was_typed(client_for, world):
    from goldenthread.indicators.models import Indicator

    client = client_for("performance")
    bad = indicator_form(world, reference="EX-02", tolerance="a bit", organisations=[])
    response = client.post(reverse("indicators:new"), bad)
    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text
    assert 'href="#id_reference"' in text and "already exists" in text
    assert 'href="#id_tolerance"' in text and "Tolerance: could not read" in text
    assert 'href="#id_organisations_0"' in text
    assert 'value="a bit"' in text and "Payroll queries answered within 5 days" in text
    assert not Indicator.objects.filter(title__startswith="Payroll queries").exists()


def test_changing_an_entry_keeps_its_figures_and_records_before_and_after(client_for, world):
    client = client_for("performance")
    url = reverse("indicators:edit", args=["EX-02"])
    form = client.get(url).context["form"]
    data = {
        name: form[name].value() if name != "organisations" else [o for o in form[name].value()]
        for name in form.fields
    }
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["title"] = "% of payroll payments made on the due date"
    data["retired_on"] = "2020-03-31"
    assert client.post(url, data).status_code == 302
    world.payroll_on_time.refresh_from_db()
    assert world.payroll_on_time.retired_on == datetime.date(2020, 3, 31)
    page = client.get(reverse("indicators:detail", args=["EX-02"]) + "?period=2019/20+Q1")
    text = page.content.decode()
    assert "on the due date" in text and "98.54%" in text and "Retired 31 Mar 2020" in text
    assert "made on time" in text  # the title before, in the history


def test_only_the_performance_team_changes_the_register(client_for, world):
    for role in ("officer.lbn", "director", "s151"):
        client = client_for(role)
        assert client.get(reverse("indicators:new")).status_code == 403
        response = client.post(reverse("indicators:edit", args=["EX-02"]), indicator_form(world))
        assert response.status_code == 403


def test_a_change_to_an_indicators_councils_reads_as_council_names_in_its_history(
    client_for, world
):
    """The history showed the link rows' repr ("[{'indicator': 40, 'organisation': 1}]")."""
    client = client_for("performance")
    url = reverse("indicators:edit", args=["EX-02"])
    form = client.get(url).context["form"]
    data = {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}
    data["organisations"] = [world.lbh.id]
    assert client.post(url, data).status_code == 302
    text = client.get(reverse("indicators:detail", args=["EX-02"])).content.decode()
    assert "{&#x27;indicator&#x27;" not in text and "{'indicator'" not in text
    assert "Councils: removed LBN" in text

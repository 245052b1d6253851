"""The register: targets the rating engine cannot read are refused; retired
indicators leave the overview and returns but keep their history."""

import datetime

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
    overview = client.get(reverse("overview:home") + "?period=2019/20+Q1").content.decode()
    assert "Housing Benefit - new claims" not in overview
    page = client.get(reverse("indicators:detail", args=["EX-01"]) + "?period=2019/20+Q1")
    text = page.content.decode()
    assert "Retired 31 Mar 2020" in text and "22.3 days" in text
    assert "retired_on" in text  # the change is on the indicator's history
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


def test_only_the_performance_team_changes_targets(client_for, world):
    for role in ("officer.lbh", "director", "s151"):
        assert client_for(role).get(targets_page(world)).status_code == 403

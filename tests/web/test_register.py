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

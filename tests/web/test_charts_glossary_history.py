"""Issue 16, day one: the indicator page's charts (with their tables), the
overview's headline, the glossary and its links, the history in words, and a
new person's role that starts empty."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from tests.factories import figure

from goldenthread.indicators.models import Target
from goldenthread.overview.headlines import headlines
from goldenthread.overview.selectors import SummaryRow
from goldenthread.overview.sources import source_label

DETAIL = "indicators:detail"


def _page(client, reference, **query):
    url = reverse(DETAIL, args=[reference])
    return client.get(url, {"period": "2019/20 Q1", **query}).content.decode()


# -- charts ----------------------------------------------------------------------


def test_the_trend_chart_is_drawn_inline_with_words_and_a_table_of_every_figure(client_for, world):
    figure(world.hb_new_claims, world.lbh, (2018, 4), "18", decimals=0)  # last year's April
    text = _page(client_for("performance"), "EX-01")
    assert "<script" not in text.split('id="charts-heading"')[1].split("History")[0]
    svg = re.search(r"<svg[^>]*>", text).group(0)
    assert 'role="img"' in svg and "Line chart of Average no. of days" in svg
    assert (
        "2019/20: Apr 21 days, May 24 days, Jun 22 days; 2018/19: Apr 18 days" in svg
    )  # the words say the figures
    table = text.split('aria-label="Figures in the chart: London Borough of Havering')[1]
    table = table.split("</table>")[0]
    for cell in (
        "21 days",
        "24 days",
        "22 days",
        "18 days",
        "20 days",
    ):  # this year, last year, target
        assert f">{cell}</td>" in table
    assert ">2019/20</th>" in table and ">2018/19</th>" in table


def test_councils_are_compared_for_a_shared_indicator_and_not_for_one_council(client_for, world):
    for month in ((2019, 4), (2019, 5), (2019, 6)):
        figure(world.payroll_on_time, world.lbh, month, "99.50", decimals=2)
    team = client_for("performance")
    text = _page(team, "EX-02")
    assert "Councils compared, 2019/20 Q1" in text
    assert "Bar chart of % of payroll payments made on time" in text
    assert "LBN 98.54% against a target of 100.00%" in text  # the mean of its months
    one = _page(team, "EX-02", organisation="LBN")
    assert "Councils compared" not in one
    assert "Councils compared" not in _page(team, "EX-01")  # LBH only


def test_a_reader_sees_no_chart_of_figures_awaiting_approval(client_for, world):
    """The councillor may not see the unapproved Q1 figures: no chart draws them."""
    from tests.factories import ReturnFactory

    ReturnFactory(organisation=world.lbh, service_area=world.benefits, status="submitted")
    text = _page(client_for("councillor.lbh"), "EX-01")
    assert "Apr 21" not in text and ">24 days</td>" not in text
    assert "Line chart" not in text


def test_the_headline_counts_each_status_with_the_change_since_last_quarter(client_for, world):
    text = client_for("performance").get(reverse("overview:home"), {"period": "2019/20 Q2"})
    page = text.content.decode()
    assert "Headline, 2019/20 Q2" in page and "change since 2019/20 Q1" in page
    now = [SummaryRow("LBH", (38, 2, 1, 0, 0, 0), 41, None)]
    before = [SummaryRow("LBH", (35, 2, 3, 0, 1, 0), 41, None)]
    (line,) = headlines(now, before)
    texts = [c.text for c in line.counts]
    assert texts[:4] == [
        "Green 38 (up 3)",
        "Amber 2 (no change)",
        "Red 1 (down 2)",
        "Not applicable 0 (no change)",
    ]
    (alone,) = headlines(now, [])
    assert alone.counts[0].text == "Green 38"


# -- glossary --------------------------------------------------------------------


def test_the_glossary_uses_the_registers_own_words(client_for, world):
    text = client_for("councillor.lbh").get("/help/glossary/").content.decode()
    for anchor in (
        "tier",
        "aggregation",
        "polarity",
        "comparison",
        "frequency",
        "status",
        "direction",
        "provisional",
        "green",
        "amber",
        "achieved",
        "no-target",
    ):
        assert f'id="{anchor}"' in text, anchor
    assert "Higher is better" in text and "Summed numerators over summed denominators" in text
    assert "within 5% of the target" in text  # the register's tolerance, as the pack says
    assert "Last year&#x27;s outturn" in text and "Not submitted" in text


def test_the_glossary_follows_the_register_tolerance(client_for, world):
    from goldenthread.indicators.models import Indicator

    Indicator.objects.update(tolerance="2pp")
    text = client_for("performance").get("/help/glossary/").content.decode()
    assert "within 2 points of the target" in text and "within 5%" not in text


def test_the_terms_link_to_the_glossary(client_for, world):
    team = client_for("performance")
    register = team.get(reverse("indicators:list")).content.decode()
    assert (
        'href="/help/glossary/#tier"' in register and 'href="/help/glossary/#polarity"' in register
    )
    page = _page(team, "EX-01")
    assert 'href="/help/glossary/#aggregation"' in page and 'href="/help/glossary/#rating"' in page
    overview = team.get(reverse("overview:home")).content.decode()
    assert 'href="/help/glossary/#status"' in overview
    assert 'href="/help/glossary/"' in overview  # the footer


# -- history in words --------------------------------------------------------------


def test_history_says_what_changed_in_words(client_for, world):
    possession = world.possession
    possession.organisations.remove(world.lbn)
    possession.polarity = "down"
    possession.source = "seed 000 Appendix 1 (seed 000 line 193)"
    possession.save()
    target = Target.objects.get(indicator=possession, organisation=world.lbh)
    target.text = "95%"
    target.save()
    text = _page(client_for("performance"), "LG-01")
    history = text.split(">History</h2>")[1]
    assert "Councils: removed LBN" in history
    assert "Good is: Higher is better → Lower is better" in history
    assert "Source: (blank) → Appendix 1 of the 2019/20 framework" in history
    assert "Target: &gt;90% → 95%" in history
    assert "Created: Target LBH 2019/20" in history and "Target: &gt;90%" in history
    assert "{&#x27;indicator&#x27;" not in history and "seed 000" not in history


def test_a_created_figure_shows_the_value_entered(client_for, world):
    text = _page(client_for("performance"), "EX-01")
    history = text.split(">History</h2>")[1]
    assert "Created: Figure LBH Apr 2019" in history and "Figure: 21" in history


@pytest.mark.parametrize(
    ("source", "label"),
    [
        ("seed 000 Appendix 1 (seed 000 line 193)", "Appendix 1 of the 2019/20 framework"),
        (
            "seed 000 Appendix 1 (seed 000 line 153); definition seed 004 line 1523",
            "Appendix 1 of the 2019/20 framework and the 2017/18 annual report",
        ),
        ("seed 001 Havering green table (line 640)", "The 2019/20 Q1 performance pack"),
        ("seed 009 line 1", "Committee paper 009"),
        ("The council's 2020 plan", "The council's 2020 plan"),
        ('=HYPERLINK("x")', '=HYPERLINK("x")'),  # shown as text; the page escapes it
        ("", ""),
    ],
)
def test_sources_are_named_for_people(source, label):
    assert source_label(source) == label


# -- adding a person ---------------------------------------------------------------


def test_a_new_persons_role_starts_empty_and_must_be_chosen(client_for, world):
    team = client_for("performance")
    form = team.get(reverse("people:new")).content.decode()
    select = form.split('id="id_role"')[1].split("</select>")[0]
    assert '<option value="" selected>' in select or "selected" not in select
    assert 'value="performance-team" selected' not in select
    before = get_user_model().objects.count()
    response = team.post(
        reverse("people:new"),
        {"username": "new.person", "password": "correct horse battery", "role": ""},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_role"' in text and "Select a role" in text
    assert "choose the councils they cover" not in text  # no role yet: nothing to cover
    assert get_user_model().objects.count() == before
    forged = team.post(
        reverse("people:new"),
        {"username": "new.person", "password": "correct horse battery", "role": "superuser"},
    )
    assert forged.status_code == 400 and "Select a role" in forged.content.decode()

"""Searching the register and the overview (issue 16): one box matching the
reference, title, service area and words in the definition, case-insensitively,
every word needed; % and _ are themselves; a very long search is cut and the
page says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from goldenthread.indicators.models import Indicator
from goldenthread.indicators.search import matching

REGISTER = reverse("indicators:list")
OVERVIEW = reverse("overview:home") + "?period=2019/20+Q1&tier=all"


@pytest.fixture
def defined(world):
    Indicator.objects.filter(pk=world.possession.pk).update(
        definition="Claims for possession won at the first hearing, as a share of those heard"
    )


def found(q: str) -> list[str]:
    return sorted(matching(Indicator.objects.all(), q).values_list("reference", flat=True))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("", ["EX-01", "EX-02", "LG-01"]),
        ("ex-02", ["EX-02"]),  # reference, any case
        ("PAYROLL", ["EX-02"]),  # title
        ("litigation", ["LG-01"]),  # service area
        ("hearing", ["LG-01"]),  # a word of the definition
        ("housing", ["EX-01", "LG-01"]),  # a title, a service area
        ("housing claims", ["EX-01", "LG-01"]),  # every word, anywhere
        ("housing hearing", ["LG-01"]),
        ("housing payroll", []),  # no indicator has both
        ("%", ["EX-02"]),  # the % of its title, not a wildcard
        ("_", []),  # not a one-character wildcard
        ("ex_02", []),
        ("EX-0%", []),
        ('=HYPERLINK("x")', []),
        ("'; DROP TABLE indicators_indicator; --", []),
    ],
)
def test_every_word_is_found_somewhere(world, defined, q, expected):
    assert found(q) == expected


def references_on(response) -> list[str]:
    text = response.content.decode()
    return [ref for ref in ("EX-01", "EX-02", "LG-01") if ref in text]


def test_the_register_searches(client_for, world, defined):
    client = client_for("councillor.lbh")
    response = client.get(REGISTER + "?q=Housing+claims")
    assert references_on(response) == ["EX-01", "LG-01"]
    text = response.content.decode()
    assert 'name="q" type="search" value="Housing claims"' in text
    assert references_on(client.get(REGISTER + "?q=hearing")) == ["LG-01"]


def test_the_overview_searches(client_for, world, defined):
    client = client_for("performance")
    assert references_on(client.get(OVERVIEW)) == ["EX-01", "EX-02", "LG-01"]
    response = client.get(OVERVIEW + "&q=payroll")
    assert references_on(response) == ["EX-02"]
    assert 'value="payroll"' in response.content.decode()
    htmx = client.get(OVERVIEW + "&q=hearing", headers={"HX-Request": "true"})
    assert references_on(htmx) == ["LG-01"]


@pytest.mark.parametrize("page", [REGISTER + "?", OVERVIEW + "&"])
def test_a_very_long_search_is_cut_and_the_page_says_so(client_for, world, defined, page):
    response = client_for("performance").get(page + "q=payroll+" + "x" * 100_000)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Only the first 100 characters of your search were used." in text
    assert 'aria-describedby="q-hint q-error"' in text
    assert references_on(response) == []  # payroll and a 92-letter word


@pytest.mark.parametrize("page", [REGISTER + "?", OVERVIEW + "&"])
def test_what_is_typed_comes_back_escaped(client_for, world, page):
    response = client_for("performance").get(page + 'q="><script>alert(1)</script>')
    text = response.content.decode()
    assert "<script>alert(1)" not in text
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in text

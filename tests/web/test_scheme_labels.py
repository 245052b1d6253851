"""Every page reads the scheme's own labels (issue 17): with a team's scheme
"On target / Within tolerance / Off target" as the summary's and assigned to
some indicators, the overview's summary, headline, filter and downloads, the
indicator page and the return page show those labels, never Green, Amber or
Red for those indicators; a figure of another scheme is counted in the column
of its grade; BRAG's blue counts as met; a monitor-only figure says so and is
not rated.

The figures are the test world's (seed 001's shape, tests/web/conftest.py):
payroll on time at LBN 98.54% against 100% (missed by 1.46%: within 5%); HB
new claims at LBH 22.3 days against 20 (missed by 11.5%). Possession claims
at LBN (95% and 99%) are illustrative."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from tests.factories import figure
from tests.web.test_exports import rows_of

from goldenthread.domain.schemes import Scheme, Status
from goldenthread.indicators.models import Indicator
from goldenthread.overview.status_columns import StatusColumns
from goldenthread.reporting.models import ReportingRules
from goldenthread.returns.models import Return
from goldenthread.schemes.services import scheme_save
from goldenthread.web.templatetags.goldenthread import status_tag

Q1 = {"period": "2019/20 Q1"}
ON_TARGET = [
    {"label": "On target", "within": "0"},
    {"label": "Within tolerance", "within": "5%"},
    {"label": "Off target"},
]
BRAG = [
    {"label": "Blue", "exceeds": "10%", "meaning": "beaten by at least a tenth"},
    {"label": "Green", "within": "0"},
    {"label": "Amber", "within": "5%"},
    {"label": "Red"},
]
COLOUR_WORDS = re.compile(r"\b(Green|Amber|Red)\b")


def summary_scheme(key: str) -> None:
    ReportingRules.objects.update_or_create(id=1, defaults={"summary_scheme": key})


def uses(indicator: Indicator, key: str) -> None:
    Indicator.objects.filter(id=indicator.id).update(scheme=key)


def possession_figures(world, amount: str) -> None:
    for month in ((2019, 4), (2019, 5), (2019, 6)):
        figure(world.possession, world.lbn, month, amount)


@pytest.fixture
def on_target(world):
    """Payroll on time rated by the team's scheme, which heads the summary; HB
    new claims stays rag (red); possession claims is achieved/failed (achieved)."""
    scheme_save(key="on-target", name="On target or not", statuses=ON_TARGET, version=None, by=None)
    summary_scheme("on-target")
    uses(world.payroll_on_time, "on-target")
    uses(world.possession, "achieved-failed")
    possession_figures(world, "95")  # against >90%: achieved (illustrative)
    return world


def _row(html: str, *words: str) -> str:
    """The table row of `html` holding every one of `words`."""
    rows = re.findall(r"<tr class=\"govuk-table__row\">.*?</tr>", html, re.S)
    found = [row for row in rows if all(word in row for word in words)]
    assert len(found) == 1, (words, len(found))
    return found[0]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


# -- the overview ------------------------------------------------------------------


def test_the_summary_has_the_summary_schemes_columns_and_counts_by_grade(client_for, on_target):
    response = client_for("performance").get(reverse("overview:home"), Q1)
    view = response.context["view"]
    labels = [status.label for status in view.columns.columns]
    assert labels == [
        "On target",
        "Within tolerance",
        "Off target",
        "Not applicable",
        "Incomplete",
        "No target",
    ]
    counts = {row.organisation: (row.counts, row.total, row.share_met) for row in view.summary}
    # LBH: HB new claims red (rag) in Off target; payroll and possession incomplete
    assert counts["LBH"] == ((0, 0, 1, 0, 2, 0), 3, 0)
    # LBN: possession achieved in On target; payroll within tolerance
    assert counts["LBN"] == ((1, 1, 0, 0, 0, 0), 2, 50)
    html = response.content.decode()
    header = html[html.index("gt-summary-table") : html.index("</thead>")]
    assert ">On target</th>" in header and ">Met of rated</th>" in header
    assert not COLOUR_WORDS.search(header)
    assert "Met of rated: the share of the rated indicators that are On target" in html


def test_the_headline_counts_in_the_summarys_labels(client_for, on_target):
    html = client_for("performance").get(reverse("overview:home"), Q1).content.decode()
    headline = html[html.index("gt-headlines") : html.index("Summary, 2019/20 Q1")]
    assert "Within tolerance 1" in headline and "Off target 1" in headline
    assert not COLOUR_WORDS.search(headline)


def test_the_indicators_own_scheme_labels_each_figure(client_for, on_target):
    html = client_for("performance").get(reverse("overview:home"), Q1).content.decode()
    payroll = _row(html, "EX-02", ">LBN<")
    assert ">Within tolerance</strong>" in payroll and not COLOUR_WORDS.search(payroll)
    assert ">Achieved</strong>" in _row(html, "LG-01", ">LBN<")
    assert ">Red</strong>" in _row(html, "EX-01", ">LBH<")  # rag's own label


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("WITHIN TOLERANCE", {("EX-02", "LBN")}),
        ("ON TARGET", {("LG-01", "LBN")}),  # achieved counted as on target
        ("OFF TARGET", {("EX-01", "LBH")}),  # red counted as off target
        ("ACHIEVED", {("LG-01", "LBN")}),  # a status of a scheme in use
        ("RED", {("EX-01", "LBH")}),
        ("INCOMPLETE", {("EX-02", "LBH"), ("LG-01", "LBH")}),
    ],
)
def test_the_status_filter_offers_and_picks_the_schemes_statuses(
    client_for, on_target, status, shown
):
    response = client_for("performance").get(reverse("overview:home"), {**Q1, "status": status})
    picked = {(r.indicator.reference, r.organisation.code) for r in response.context["view"].rows}
    assert picked == shown
    choices = [s.label for s in response.context["statuses"]]
    assert choices[:3] == ["On target", "Within tolerance", "Off target"]
    assert {"Green", "Amber", "Red", "Achieved", "Failed"} <= set(choices[6:])  # in use
    assert "Monitor only" not in choices  # no indicator is monitor only
    assert f'<option value="{status}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    "status", ["amber", "BLUE", "=1+1", "\x00", "ON TARGET\x07", "Within tolerance", "x" * 5000]
)
def test_a_status_the_filter_does_not_offer_is_ignored(client_for, on_target, status):
    response = client_for("performance").get(reverse("overview:home"), {**Q1, "status": status})
    assert response.status_code == 200
    assert response.context["filters"].status == ""
    assert len(response.context["view"].rows) == 5  # every figure


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_downloads_carry_the_schemes_labels(client_for, on_target, file_format):
    client = client_for("performance")
    query = "period=2019/20+Q1"

    def download(name, *args):
        url = reverse(name, args=[*args, file_format])
        return rows_of(client.get(f"{url}?{query}"), file_format)

    summary = download("overview_exports:summary")
    assert summary[0] == [
        "Council",
        "On target",
        "Within tolerance",
        "Off target",
        "Not applicable",
        "Incomplete",
        "No target",
        "Total",
        "Met of rated",
    ]
    lbn = next(row for row in summary if row[0] == "LBN")
    assert [str(cell) for cell in lbn[1:4]] == ["1", "1", "0"]
    figures = download("overview_exports:figures")
    status = figures[0].index("Status")
    payroll = next(row for row in figures if row[2] == "EX-02" and row[4] == "LBN")
    assert payroll[status] == "Within tolerance"
    assert next(row for row in figures if row[2] == "LG-01" and row[4] == "LBN")[status] == (
        "Achieved"
    )
    one = download("overview_exports:indicator", "EX-02")
    statuses = {row[6] for row in one[1:] if row[0] == "LBN" and row[6]}
    assert statuses == {"Within tolerance", "Not yet due"}  # the quarter, each month, then July on


# -- the indicator page ------------------------------------------------------------


def test_the_indicator_page_names_the_scheme_and_its_bands_in_words(client_for, on_target):
    html = client_for("performance").get(
        reverse("indicators:detail", args=["EX-02"]), {**Q1, "organisation": "LBN"}
    )
    text = " ".join(_text(html.content.decode()).split())
    assert "Rated by On target or not" in text
    assert "Unit and decimals Percentage, 2 decimal places" in text
    assert "On target target met" in text
    assert "Within tolerance target missed by at most 5% of the target" in text
    assert "Off target target missed by more than 5% of the target" in text
    assert "Status: Within tolerance" in text  # the quarter's figure, read alone
    figures = text[: text.index("History Recorded changes")]  # the history names rag, as it was
    assert not COLOUR_WORDS.search(figures), COLOUR_WORDS.search(figures)


def test_the_charts_cells_carry_the_schemes_statuses(client_for, on_target):
    response = client_for("performance").get(
        reverse("indicators:detail", args=["EX-02"]), {**Q1, "organisation": "LBN"}
    )
    (trend,) = response.context["charts"].trends
    april, may, june = trend.table.rows[0].cells[:3]
    assert {cell.status.label for cell in (april, may, june)} == {"Within tolerance"}
    assert april.status.colour == "amber" and april.status.grade == "near"
    assert not trend.table.rows[0].cells[3].due  # July: not yet due


def test_the_indicator_page_gives_its_own_tolerance_and_a_team_meaning(client_for, world):
    scheme_save(key="brag", name="BRAG", statuses=BRAG, version=None, by=None)
    uses(world.possession, "brag")
    Indicator.objects.filter(id=world.possession.id).update(tolerance="10%")
    html = client_for("performance").get(reverse("indicators:detail", args=["LG-01"]), Q1)
    text = " ".join(_text(html.content.decode()).split())
    assert "BRAG, with this indicator's own tolerance of 10%" in text
    assert "Blue target beaten by at least 10% of the target (beaten by at least a tenth)" in text
    assert "Amber target missed by at most 10% of the target" in text
    assert "Red target missed by more than 10% of the target" in text


def test_a_scheme_change_reads_in_words_in_the_history(client_for, on_target):
    payroll = Indicator.objects.get(id=on_target.payroll_on_time.id)
    payroll.save()  # on-target, where its history last said rag
    payroll.scheme, payroll.tolerance = "rag", "2pp"
    payroll.save()
    html = client_for("performance").get(reverse("indicators:detail", args=["EX-02"]), Q1)
    text = " ".join(_text(html.content.decode()).split())
    assert "Rated by: Red, amber, green → On target or not" in text
    assert "Rated by: On target or not → Red, amber, green" in text
    assert "Own tolerance: (the scheme's) → 2pp" in text


# -- the return page ---------------------------------------------------------------


def _return_page(world) -> str:
    return reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])


def test_the_return_page_and_its_preview_show_the_schemes_labels(client_for, on_target):
    client = client_for("officer.lbn")
    html = client.get(_return_page(on_target)).content.decode()
    assert "Status: </span>Within tolerance</strong>" in html
    assert "Needed before you submit: this figure is within tolerance." in html
    assert "Figures (percentage; type n/a" in html  # the unit by its name
    ident = on_target.payroll_on_time.id
    typed = {
        "version": 0,
        f"i{ident}-total-201904-1": "99.99%",
        f"i{ident}-total-201905-1": "90",
        f"i{ident}-total-201906-1": "95.63%",
        f"i{ident}-reasons": "",
        f"i{ident}-difference": "",
        f"i{ident}-remedial_actions": "",
    }
    preview_url = _return_page(on_target).replace("/q1/", "/q1/preview/")
    preview = client.post(preview_url, typed).content.decode()
    # (99.99 + 90 + 95.63) / 3 = 95.21%: missed by 4.79%, within 5%
    assert "95.21%" in preview and ">Within tolerance</strong>" in preview
    assert "Off target: give the reasons" in preview
    assert not COLOUR_WORDS.search(_text(preview))
    typed[f"i{ident}-total-201905-1"] = "80"  # 91.87%: missed by more than 5%
    preview = client.post(preview_url, typed).content.decode()
    assert ">Off target</strong>" in preview and "remedial actions" in preview


def test_submitting_asks_for_commentary_in_the_schemes_words(client_for, on_target):
    client = client_for("officer.lbn")
    ident = on_target.payroll_on_time.id
    typed = {
        "version": 0,
        f"i{ident}-total-201904-1": "99.99%",
        f"i{ident}-total-201905-1": "99.99%",
        f"i{ident}-total-201906-1": "95.63%",
        f"i{ident}-reasons": "",
        f"i{ident}-difference": "",
        f"i{ident}-remedial_actions": "",
        "action": "submit",
    }
    response = client.post(_return_page(on_target), typed, follow=True)
    text = response.content.decode()
    assert "EX-02 % of payroll payments made on time is within tolerance: enter the reasons" in text
    assert Return.objects.get().status == "draft"


# -- BRAG, monitor only, a summary scheme that has gone -------------------------------


def test_brags_blue_counts_as_met(client_for, world):
    scheme_save(key="brag", name="BRAG", statuses=BRAG, version=None, by=None)
    summary_scheme("brag")
    uses(world.possession, "brag")
    possession_figures(world, "99")  # beats >90% by 9, a tenth of the target: blue
    view = client_for("performance").get(reverse("overview:home"), Q1).context["view"]
    assert [s.label for s in view.columns.columns[:4]] == ["Blue", "Green", "Amber", "Red"]
    lbn = next(row for row in view.summary if row.organisation == "LBN")
    assert lbn.counts[:4] == (1, 0, 1, 0)  # possession blue; payroll amber (rag)
    assert lbn.share_met == 50
    assert "that are Blue or Green" in view.columns.met_words


def test_a_monitor_only_figure_says_so_and_is_not_rated(client_for, world):
    uses(world.hb_new_claims, "monitor-only")
    client = client_for("performance")
    response = client.get(reverse("overview:home"), Q1)
    view = response.context["view"]
    lbh = next(row for row in view.summary if row.organisation == "LBH")
    assert lbh.share_met is None  # nothing of LBH's is rated
    assert lbh.counts[5] == 1  # counted with no target
    assert ">Monitor only</strong>" in _row(response.content.decode(), "EX-01", ">LBH<")
    assert "Monitor only" in [s.label for s in response.context["statuses"]]
    picked = client.get(reverse("overview:home"), {**Q1, "status": "MONITOR ONLY"})
    assert [r.indicator.reference for r in picked.context["view"].rows] == ["EX-01"]
    page = client.get(reverse("indicators:detail", args=["EX-01"]), Q1).content.decode()
    text = " ".join(_text(page).split())
    assert "Rated by Monitor only" in text and "measured, not rated" in text
    assert "Status: Monitor only" in text


def test_a_summary_scheme_that_has_gone_gives_rags_columns(client_for, world):
    summary_scheme("no-such-scheme")
    view = client_for("performance").get(reverse("overview:home"), Q1).context["view"]
    assert view.columns.columns[:3] == (Status.GREEN, Status.AMBER, Status.RED)
    assert view.columns.met_heading == "Green of rated"


def test_labels_are_text_in_the_page_and_the_download(client_for, world):
    hostile = [
        {"label": "=HYPERLINK(1)", "within": "0"},
        {"label": "<script>alert(1)</script>"},
    ]
    scheme_save(key="hostile", name="Hostile", statuses=hostile, version=None, by=None)
    summary_scheme("hostile")
    uses(world.payroll_on_time, "hostile")
    client = client_for("performance")
    html = client.get(reverse("overview:home"), Q1).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    url = reverse("overview_exports:summary", args=["csv"])
    headings = rows_of(client.get(f"{url}?period=2019/20+Q1"), "csv")[0]
    assert headings[1:3] == ["'=HYPERLINK(1)", "<script>alert(1)</script>"]


# -- the parts ---------------------------------------------------------------------


def test_the_columns_count_another_schemes_status_in_the_column_of_its_grade():
    columns = StatusColumns.of(Scheme.build("On target", ON_TARGET), (Scheme.ACHIEVED_FAILED,))
    on, near, off = columns.columns[:3]
    assert columns.column_of(Status.ACHIEVED) == on and columns.column_of(Status.FAILED) == off
    assert columns.column_of(Status.AMBER) == near
    assert columns.matches(Status.FAILED, "OFF TARGET") and columns.matches(off, "OFF TARGET")
    assert not columns.matches(Status.FAILED, "ON TARGET")
    assert columns.matches(Status.FAILED, "FAILED") and not columns.matches(off, "FAILED")
    assert columns.choice("FAILED") == "FAILED" and columns.choice("AMBER") == ""


def test_the_status_tag_always_carries_its_label():
    assert status_tag(Status.MONITORED) == (
        '<strong class="govuk-tag govuk-tag--grey gt-status">Monitor only</strong>'
    )
    named = status_tag(Status.AMBER, named=True)
    assert "govuk-tag--orange" in named
    assert '<span class="govuk-visually-hidden">Status: </span>Amber</strong>' in named
    blue = Scheme.build("BRAG", BRAG).statuses[0]
    assert "govuk-tag--blue" in status_tag(blue) and ">Blue</strong>" in status_tag(blue)

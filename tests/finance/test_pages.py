"""Budget monitoring's pages and downloads on the factories' small world
(`tests.factories.finance_world`): the figures each page shows the team and a
reader, that a reader never sees another council's non-shared line nor a
period before it is signed off, the 404s, and what the downloads hold."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from tests.factories import finance_world, forecast_period
from tests.web.conftest import sign_in_with_second_factor

from goldenthread.domain.lifecycle import State
from goldenthread.finance.models import (
    LineForecast,
    ReserveAmount,
    ReserveItem,
    Saving,
    StatedFigure,
)

pytestmark = pytest.mark.django_db
DASH = "\N{EN DASH}"  # a cell with nothing in it

P5 = {  # variances: AM1 +100,000; AM2 -9,999; LG1 +300; NS-H +10,000; NS-N 0; NS-B -10,000
    "AM1": "1100000",
    "AM2": "190001",
    "LG1": "1000300",
    "NS-H": "510000",
    "NS-N": "400000",
    "NS-B": "90000",
}
P4 = {"AM1": "1050000", "AM2": "200000", "LG1": "1000000", "NS-H": "500000", "NS-N": "400000"}


class _Tables(HTMLParser):
    """Each table's rows of cell texts, by the table's id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def client_of(user) -> Client:
    return sign_in_with_second_factor(Client(), user)


@pytest.fixture
def world():
    return finance_world()


@pytest.fixture
def periods(world):
    """P4 and P5 signed off, P6 submitted (not yet signed off)."""
    forecast_period(world, 4, P4)
    p5 = forecast_period(world, 5, P5)
    p6 = forecast_period(world, 6, {**P5, "NS-N": "777777"}, status=State.SUBMITTED.value)
    return p5, p6


def _position(user, period=5):
    return client_of(user).get(reverse("finance:position", args=[2019, period]))


# -- the position page ---------------------------------------------------------------


def test_the_team_sees_the_summary_of_every_council(world, periods):
    response = _position(world.team)
    assert response.status_code == 200
    summary = tables_of(response)["summary"]
    # shared parts: LBB 10,000 + 30; LBH 40,000 - 4,444 + 90; LBN 50,000 - 5,555 + 180
    assert summary[0] == ["", "Bexley", "Havering", "Newham", "Total"]
    assert summary[1] == ["Shared", "0.010", "0.036", "0.045", "0.090"]
    assert summary[2] == ["Non-shared", "(0.010)", "0.010", "0.000", "0.000"]
    assert summary[3] == ["Total", "0.000", "0.046", "0.045", "0.090"]
    assert "are not shown to you" not in response.content.decode()


def test_a_reader_sees_the_shared_row_and_only_their_own_councils_non_shared(world, periods):
    response = _position(world.readers["LBH"])
    summary = tables_of(response)["summary"]
    assert summary[1] == ["Shared", "0.010", "0.036", "0.045", "0.090"]
    assert summary[2] == [
        "Non-shared",
        f"Not shown{DASH}",
        "0.010",
        f"Not shown{DASH}",
        f"Not shown{DASH}",
    ]
    assert summary[3] == [
        "Total",
        f"Not shown{DASH}",
        "0.046",
        f"Not shown{DASH}",
        f"Not shown{DASH}",
    ]
    page = response.content.decode()
    assert "those of Bexley and Newham, and so the non-shared total, are not shown" in page
    for other in ("NS-N", "NS-B", "Newham non-shared", "Bexley non-shared"):
        assert other not in page
    assert [r[0] for r in tables_of(response)["lines"][1:]] == [
        "AM1 Commercial property",
        "AM2 Property services",
        "LG1 Legal services",
        "NS-H Havering non-shared",
    ]


def test_a_reader_sees_no_figure_of_a_period_awaiting_sign_off(world, periods):
    response = _position(world.readers["LBN"], 6)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Awaiting sign-off" in page and "awaiting sign-off" in page
    assert "summary" not in tables_of(response) and "777,777" not in page
    partner = _position(world.partner, 6).content.decode()
    assert "Submitted" in partner and "readers do not see these figures" in partner


def test_the_movement_since_the_last_period_per_council(world, periods):
    movement = tables_of(_position(world.team))["movement"]
    # P4 shared parts: AM1 +50,000 (5,000/20,000/25,000); P5 as above
    assert movement[1] == ["Shared", "0.005", "0.016", "0.020", "0.040"]
    # non-shared: NS-H 0 -> +10,000; NS-N 0 -> 0; NS-B none in P4 (on budget) -> -10,000
    assert movement[2] == ["Non-shared", "(0.010)", "0.010", "0.000", "0.000"]
    first = tables_of(_position(world.team, 4))
    assert "movement" not in first


def test_the_main_variances_largest_first_with_their_explanations(world, periods):
    main = tables_of(_position(world.team))["main-variances"]
    assert [row[0] for row in main[1:4]] == [
        "Commercial property Shared · Asset Management",
        "Bexley non-shared Bexley non-shared · Asset Management",  # a tie: by code
        "Havering non-shared Havering non-shared · Asset Management",
    ]
    assert main[1][1:] == ["0.100", "Why AM1 moved"]


def test_the_portfolio_table_groups_shared_and_each_councils_non_shared_by_service(world, periods):
    portfolio = tables_of(_position(world.readers["LBH"]))["portfolio"]
    labels = [row[0] for row in portfolio]
    assert labels == [
        "Service",
        "Shared",
        "Asset Management",
        "Legal",
        "Total: Shared",
        "Havering non-shared",
        "Asset Management",
        "Total: Havering non-shared",
    ]
    assert portfolio[2] == ["Asset Management", "1.200", "1.290", "0.090", "0.040"]


def test_a_stated_figure_that_contradicts_the_lines_is_flagged(world, periods):
    p5, _ = periods
    StatedFigure.objects.create(
        period=p5,
        measure="non-shared",
        council=world.councils["LBB"],
        amount=Decimal(-144000),
        where="the Bexley non-shared paragraph",
    )
    page = _position(world.team).content.decode()
    assert (
        "Bexley: non-shared variance: stated (£0.144m) in the Bexley non-shared paragraph; "
        "the lines add up to (£0.010m): a difference of £134,000."
    ) in page


def test_the_links_to_enter_the_forecast_are_for_those_who_enter_it(world, periods):
    forecast = reverse("finance:forecast", args=[2019, 5])
    assert forecast in _position(world.partner).content.decode()
    assert forecast in _position(world.director).content.decode()
    assert forecast not in _position(world.readers["LBB"]).content.decode()


# -- the index ------------------------------------------------------------------------


def test_the_index_leads_to_the_latest_period_each_person_may_see(world, periods):
    reader = client_of(world.readers["LBH"]).get(reverse("finance:index"))
    assert reader.status_code == 302 and reader["Location"] == reverse(
        "finance:position", args=[2019, 5]
    )
    team = client_of(world.team).get(reverse("finance:index"))
    assert team["Location"] == reverse("finance:position", args=[2019, 6])
    picked = client_of(world.team).get(reverse("finance:index") + "?year=2019&period=3")
    assert picked["Location"] == reverse("finance:position", args=[2019, 3])


def test_the_index_says_when_nothing_is_signed_off_yet(world):
    forecast_period(world, 1, P4, status=State.DRAFT.value)
    reader = client_of(world.readers["LBH"]).get(reverse("finance:index"))
    assert reader.status_code == 200
    assert "No forecast has been signed off yet" in reader.content.decode()
    assert reverse("finance:forecast", args=[2019, 1]) not in reader.content.decode()
    assert client_of(world.partner).get(reverse("finance:index")).status_code == 302


def test_the_index_offers_those_who_enter_it_a_link_to_enter_the_first(world):
    page = client_of(world.partner).get(reverse("finance:index")).content.decode()
    assert "No forecast has been signed off yet" in page
    assert reverse("finance:forecast", args=[2019, 1]) in page


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc&period=5",
        "?year=2019&period=99999999999999",
        "?year=-1",
        "?period=%00",
        "?year=%C2%B2019",
    ],
)
def test_the_index_ignores_a_malformed_choice(world, periods, query):
    response = client_of(world.readers["LBH"]).get(reverse("finance:index") + query)
    assert response["Location"] == reverse("finance:position", args=[2019, 5])


# -- 404s ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("finance:position", args=[2019, 13]),
        reverse("finance:position", args=[2019, 0]),
        reverse("finance:position", args=[2018, 5]),
        reverse("finance:cost_share", args=[2030, 5]),
        reverse("finance:reserves", args=[2018]),
        reverse("finance:savings", args=[99999]),
        reverse("finance:line", args=["NOPE"]),
        reverse("finance:line", args=["X" * 5000]),
        "/finance/2019/5/position.pdf",
        "/finance/2019/13/cost-share.csv",
    ],
)
def test_pages_that_do_not_exist(world, periods, url):
    assert client_of(world.team).get(url).status_code == 404


def test_a_reader_cannot_open_another_councils_non_shared_line(world, periods):
    reader = client_of(world.readers["LBH"])
    assert reader.get(reverse("finance:line", args=["NS-N"])).status_code == 404
    assert reader.get(reverse("finance:line", args=["NS-B"])).status_code == 404
    assert reader.get(reverse("finance:line", args=["NS-H"])).status_code == 200
    assert reader.get(reverse("finance:line", args=["AM1"])).status_code == 200
    assert client_of(world.team).get(reverse("finance:line", args=["NS-N"])).status_code == 200


# -- the cost share --------------------------------------------------------------------


def test_the_cost_share_table_adds_up_and_states_its_basis(world, periods):
    response = client_of(world.readers["LBB"]).get(reverse("finance:cost_share", args=[2019, 5]))
    found = tables_of(response)
    share = found["cost-share"]
    assert share[0] == ["Line", "Basis", "Variance", "Bexley", "Havering", "Newham"]
    assert share[1][0] == "AM1 Commercial property Asset Management"
    assert share[1][1:] == ["Formula share: Formula", "100,000", "10,000", "40,000", "50,000"]
    assert share[2][1:] == [
        "Formula share: Formula, LBH, LBN only",
        "(9,999)",
        DASH,
        "(4,444)",
        "(5,555)",
    ]
    assert share[3][1:] == ["Specific allocation (fixed amounts)", "300", "30", "90", "180"]
    assert share[4] == ["Total", "90,301", "10,030", "35,646", "44,625"]
    page = response.content.decode()
    assert 'title="Exactly 1/3">33.33%' in page and 'title="Exactly 1/10">10.00%' in page
    assert "largest remainder" in page and "within £1 of its exact share" in page


def test_the_cost_share_download_holds_the_table(world, periods):
    response = client_of(world.readers["LBB"]).get(
        reverse("finance:cost_share_export", args=[2019, 5, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-3:] == ["Bexley (£)", "Havering (£)", "Newham (£)"]
    assert rows[2][:2] == ["AM2", "Property services"]
    assert rows[2][-4:] == ["-9999.00", "", "-4444.00", "-5555.00"]
    assert rows[-1] == ["Total", "", "", "", "90301.00", "10030.00", "35646.00", "44625.00"]
    assert response["Content-Disposition"].endswith('os-cost-share-2019-p5.csv"')
    xlsx = client_of(world.team).get(reverse("finance:cost_share_export", args=[2019, 5, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


# -- the position download --------------------------------------------------------------


def test_the_position_download_holds_only_what_the_reader_sees(world, periods):
    reader = client_of(world.readers["LBH"])
    response = reader.get(reverse("finance:position_export", args=[2019, 5, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["AM1", "AM2", "LG1", "NS-H"]
    assert rows[4][2:] == [
        "Havering non-shared",
        "Asset Management",
        "500000.00",
        "510000.00",
        "Yes",
        "10000.00",
        "10000.00",
        "Why NS-H moved",
    ]
    unsigned = reader.get(reverse("finance:position_export", args=[2019, 6, "csv"]))
    assert len(list(csv.reader(io.StringIO(unsigned.content.decode("utf-8-sig"))))) == 1


def test_hostile_text_is_shown_as_text_and_kept_as_text_in_the_download(world, periods):
    p5, _ = periods
    LineForecast.objects.filter(period=p5, line=world.lines["AM1"]).update(
        explanation='=HYPERLINK("http://x","y") <script>alert(1)</script>\x07'
    )
    page = _position(world.team).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    response = client_of(world.team).get(reverse("finance:position_export", args=[2019, 5, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][-1].startswith("'=HYPERLINK")


# -- reserves and savings ------------------------------------------------------------


def _reserve(world, kind, purpose, amounts, position, in_base=False):
    item = ReserveItem.objects.create(
        organisation=world.os,
        year=2019,
        kind=kind,
        purpose=purpose,
        in_base=in_base,
        position=position,
    )
    for code, amount in amounts.items():
        ReserveAmount.objects.create(item=item, partner=world.councils[code], amount=amount)


def seed_001_reserve(world):
    """Seed 001 lines 283-292: the opening balances and drawdowns."""
    kinds = ReserveItem.Kind
    _reserve(world, kinds.OPENING, "Opening", {"LBB": -63112, "LBH": -867880, "LBN": -995042}, 0)
    _reserve(world, kinds.DRAWN, "Bolstering Legal Support", {"LBN": 362000}, 1, True)
    _reserve(world, kinds.PROJECTED, "Bolstering Finance Support", {"LBN": 166000}, 2, True)
    _reserve(world, kinds.PROJECTED, "Bolstering H&S Funding", {"LBN": 142000}, 3, True)
    _reserve(world, kinds.PROJECTED, "Income system", {"LBH": 50000, "LBN": 50000}, 4)
    _reserve(world, kinds.PROJECTED, "Power BI", {"LBB": 5000, "LBH": 25000, "LBN": 25000}, 5)


def test_the_reserve_table_as_seed_001_sets_it_out(world, periods):
    seed_001_reserve(world)
    response = client_of(world.readers["LBB"]).get(reverse("finance:reserves", args=[2019]))
    rows = tables_of(response)["reserves"]
    assert rows[1] == [
        "Closing balance as at 31 March 2019",
        "(63,112)",
        "(867,880)",
        "(995,042)",
        "(1,926,034)",
    ]
    assert rows[2] == ["Drawn down"]
    assert rows[3] == ["Bolstering Legal Support*", "", "", "362,000", "362,000"]
    assert rows[4] == ["Projected"]
    assert rows[8] == ["Power BI", "5,000", "25,000", "25,000", "55,000"]
    assert rows[9] == [
        "Forecast closing balance as at 31 March 2020",
        "(58,112)",
        "(792,880)",
        "(250,042)",
        "(1,101,034)",
    ]
    # offset by the shared parts of P5, the latest period a reader sees
    assert rows[10] == ["Offsetting 2019/20 overspend", "10,030", "35,646", "44,625", "90,301"]
    assert rows[11][1:] == ["(48,082)", "(757,234)", "(205,417)", "(1,010,733)"]
    page = response.content.decode()
    assert "* Items since built into a later base budget." in page
    assert "cannot meet" not in page


def test_a_partner_whose_reserve_cannot_meet_its_share_is_named(world, periods):
    _reserve(world, ReserveItem.Kind.OPENING, "Opening", {"LBB": -5000, "LBH": -1000000}, 0)
    response = client_of(world.team).get(reverse("finance:reserves", args=[2019]))
    page = response.content.decode()
    # the team sees P6 (submitted): its shared parts are P5's; LBB -5,000 + 10,030 = 5,030
    assert "Period 6 2019/20 (September 2019)" in page and "not yet signed off" in page
    assert "The reserve cannot meet the forecast overspend for Bexley and Newham" in page
    assert tables_of(response)["reserves"][-1][1:] == ["5,030", "(964,354)", "44,625", "(914,699)"]


def test_the_reserves_before_any_period_is_signed_off(world):
    _reserve(world, ReserveItem.Kind.OPENING, "Opening", {"LBB": -5000}, 0)
    page = client_of(world.readers["LBB"]).get(reverse("finance:reserves", args=[2019]))
    assert "No period of 2019/20 has been signed off yet" in page.content.decode()
    assert "Offsetting" not in page.content.decode()


def test_the_savings_programme_per_partner_and_in_total(world):
    for partner, title, planned, achieved in (
        ("LBH", "Restructure", "400000", "300000"),
        ("LBH", "Income", "100000", "100000"),
        ("LBN", "Print", "200000", None),
        (None, "Shared licences", "50000", "25000"),
    ):
        Saving.objects.create(
            organisation=world.os,
            year=2019,
            partner=world.councils[partner] if partner else None,
            title=title,
            planned=Decimal(planned),
            achieved=Decimal(achieved) if achieved else None,
        )
    response = client_of(world.readers["LBB"]).get(reverse("finance:savings", args=[2019]))
    found = tables_of(response)
    assert found["savings-by-partner"][1:] == [
        ["Havering", "500,000", "400,000", "80.0%"],
        ["Newham", "200,000", "0", "0.0%"],
        ["All councils", "50,000", "25,000", "50.0%"],
        ["Total", "750,000", "425,000", "56.7%"],
    ]
    assert ["Print", "Newham", "200,000", "Not yet known"] in found["savings"]


# -- a line ----------------------------------------------------------------------------


def test_a_line_across_the_year_with_its_chart_and_table(world, periods):
    response = client_of(world.readers["LBN"]).get(reverse("finance:line", args=["AM1"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg version="1.1" class="gt-chart__drawing"' in page and 'role="img"' in page
    assert "P4 £1,050,000; P5 £1,100,000" in page  # the chart's words
    rows = tables_of(response)["periods"]
    assert rows[1] == ["P4", "1,050,000", "50,000", DASH]
    assert rows[2] == ["P5", "1,100,000", "100,000", "50,000"]
    assert rows[3] == ["P6 Awaiting sign-off", "Not shown until signed off"]
    assert "Why AM1 moved" in page and "Formula share: Formula" in page


def test_a_lines_history_shows_no_forecast_of_a_period_not_signed_off(world, periods):
    _, p6 = periods
    forecast = LineForecast.objects.get(period=p6, line=world.lines["NS-N"])
    forecast.forecast = Decimal("888888")
    forecast.save()  # a recorded change, in a period readers cannot see yet
    reader = client_of(world.readers["LBN"]).get(reverse("finance:line", args=["NS-N"]))
    assert "888,888" not in reader.content.decode() and "888888" not in reader.content.decode()
    team = client_of(world.team).get(reverse("finance:line", args=["NS-N"])).content.decode()
    assert "Forecast: 777777.00 → 888888" in team


# -- budget monitoring in the web tests' world (the access matrix, the reflow) ----------


def finance_in(world):
    """A shared service ("OS") in tests/web/conftest.py's world, made once: its
    budget prepared by Payroll (so Exchequer's director signs its forecast off),
    a shared line split half and half, each council's non-shared line, and
    period 5 signed off. Returns {"LBH": its non-shared line's code, ...}."""
    from goldenthread.finance.models import (
        Budget,
        BudgetLine,
        FinancePeriod,
        LineBudget,
        PartnerShare,
        ShareBasis,
    )
    from goldenthread.organisations.models import Organisation

    codes = {"LBH": "NS-H", "LBN": "NS-N"}
    if Organisation.objects.filter(code="OS").exists():
        return codes
    os_ = Organisation.objects.create(
        code="OS", name="oneSource", kind=Organisation.Kind.SHARED_SERVICE
    )
    Budget.objects.create(organisation=os_, year=2019, prepared_by=world.payroll)
    basis = ShareBasis.objects.create(service=world.payroll, year=2019, basis="Headcount")
    for council in (world.lbh, world.lbn):
        PartnerShare.objects.create(basis=basis, partner=council, numerator=1, denominator=2)
    period = FinancePeriod.objects.create(
        organisation=os_, service_area=world.payroll, year=2019, period=5, status="approved"
    )
    for code, council, budget, forecast in (
        ("SH1", None, "1000000", "1100001"),
        ("NS-H", world.lbh, "500000", "510000"),
        ("NS-N", world.lbn, "400000", "390000"),
    ):
        line = BudgetLine.objects.create(
            organisation=os_, code=code, name=f"Line {code}", service=world.payroll, council=council
        )
        LineBudget.objects.create(line=line, year=2019, budget=Decimal(budget))
        LineForecast.objects.create(
            period=period, line=line, forecast=Decimal(forecast), explanation="Illustrative"
        )
    return codes

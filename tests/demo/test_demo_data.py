"""The demonstration dataset (src/goldenthread/demo/data/) is whole, consistent and readable.

It is transcribed from the seed committee papers: every target and figure must read with
the domain's own parsers, every reference and organisation must be known, and every row
must say where in the seeds it came from. See the README in that folder.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from goldenthread.domain.aggregation import Aggregation, Reading, aggregate
from goldenthread.domain.periods import FinancialYear, Month, Quarter, parse_period
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.targets import parse_target
from goldenthread.domain.values import Unit, parse_value, round_to

DATA = Path(__file__).parents[2] / "src" / "goldenthread" / "demo" / "data"

COLUMNS = {
    "organisations.csv": ["code", "name", "kind", "source"],
    "register.csv": [
        "reference",
        "directorate",
        "service_area",
        "title",
        "definition",
        "tier",
        "unit",
        "decimals",
        "polarity",
        "aggregation",
        "frequency",
        "scheme",
        "tolerance",
        "comparison",
        "organisations",
        "owner",
        "breakdowns",
        "in_year",
        "source",
    ],
    "targets.csv": ["reference", "organisation", "year", "target", "source"],
    "measurements.csv": [
        "reference",
        "organisation",
        "breakdown",
        "period",
        "value",
        "numerator",
        "denominator",
        "illustrative",
        "source",
    ],
    "commentary.csv": [
        "reference",
        "organisation",
        "period",
        "reasons",
        "difference",
        "remedial_actions",
        "source",
    ],
    "returns.csv": ["organisation", "directorate", "service_area", "period", "status", "source"],
    "forecasts.csv": ["reference", "organisation", "period", "forecast", "illustrative", "source"],
}


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(name: str) -> list[str]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


ORGANISATIONS = read("organisations.csv")
REGISTER = read("register.csv")
TARGETS = read("targets.csv")
MEASUREMENTS = read("measurements.csv")
COMMENTARY = read("commentary.csv")
RETURNS = read("returns.csv")
FORECASTS = read("forecasts.csv")

CODES = {row["code"] for row in ORGANISATIONS}
INDICATORS = {row["reference"]: row for row in REGISTER}
APPLIES = {row["reference"]: set(row["organisations"].split()) for row in REGISTER}
BREAKDOWNS = {
    row["reference"]: {name.strip() for name in row["breakdowns"].split(";") if name.strip()}
    for row in REGISTER
}
Q1 = parse_period("2019/20 Q1")


def row_id(row: dict[str, str]) -> str:
    parts = (row.get("reference"), row.get("organisation"), row.get("breakdown"))
    when = row.get("period") or row.get("year") or ""
    return "-".join(part for part in (*parts, when) if part) or row.get("code", "?")


# --- files -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_file_has_exactly_the_agreed_columns(name: str) -> None:
    assert header(name) == COLUMNS[name]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_every_row_parses_and_cites_its_source(name: str) -> None:
    rows = read(name)
    assert rows, f"{name} is empty"
    for number, row in enumerate(rows, 2):
        assert None not in row and None not in row.values(), f"{name}:{number}: wrong field count"
        assert row["source"].strip(), f"{name}:{number}: no source"


def test_readme_is_there() -> None:
    assert (DATA / "README.md").read_text(encoding="utf-8").strip()


# --- organisations and register ------------------------------------------------------------


def test_organisation_codes_are_unique_and_kinds_known() -> None:
    assert len(CODES) == len(ORGANISATIONS)
    assert {row["kind"] for row in ORGANISATIONS} <= {"council", "shared-service", "external"}


def test_references_are_unique() -> None:
    duplicates = [ref for ref, n in Counter(r["reference"] for r in REGISTER).items() if n > 1]
    assert not duplicates


@pytest.mark.parametrize("row", REGISTER, ids=row_id)
def test_register_row_is_well_formed(row: dict[str, str]) -> None:
    assert row["title"].strip() and row["directorate"].strip()
    assert row["tier"] in {"strategic", "operational", "volumetric"}
    assert row["unit"] in {"%", "number", "£", "days", "weeks", "months", "rating", "duration"}
    Unit.parse(row["unit"])
    assert row["decimals"].isdigit()
    Polarity.parse(row["polarity"])
    assert row["polarity"] in {"up", "down", "none"}
    Aggregation.parse(row["aggregation"])
    assert row["aggregation"] in {a.value for a in Aggregation}
    assert row["frequency"] in {"monthly", "quarterly", "annual"}
    assert (row["scheme"], row["tolerance"]) == ("rag", "5%")
    assert row["comparison"] in {"previous-period", "same-period-last-year"}
    organisations = row["organisations"].split()
    assert organisations and set(organisations) <= CODES
    if row["tier"] == "volumetric":
        assert row["polarity"] == "none"
    assert row["in_year"] in {"", "to-date", "pro-rata", "forecast"}


# --- targets -------------------------------------------------------------------------------


@pytest.mark.parametrize("row", TARGETS, ids=row_id)
def test_target_reads_and_belongs(row: dict[str, str]) -> None:
    parse_target(row["target"])
    assert isinstance(parse_period(row["year"]), FinancialYear)
    assert row["reference"] in INDICATORS
    assert row["organisation"] in CODES
    assert row["organisation"] in APPLIES[row["reference"]]


def test_one_target_per_indicator_organisation_and_year() -> None:
    keys = Counter((r["reference"], r["organisation"], r["year"]) for r in TARGETS)
    assert [key for key, n in keys.items() if n > 1] == []


def test_every_indicator_with_a_target_has_one_for_each_organisation_in_2019_20() -> None:
    have = {(r["reference"], r["organisation"]) for r in TARGETS if r["year"] == "2019/20"}
    missing = [
        (row["reference"], organisation)
        for row in REGISTER
        if row["tier"] != "volumetric"
        for organisation in row["organisations"].split()
        if (row["reference"], organisation) not in have
    ]
    assert missing == []


# --- measurements --------------------------------------------------------------------------


@pytest.mark.parametrize("row", MEASUREMENTS, ids=row_id)
def test_measurement_reads_and_belongs(row: dict[str, str]) -> None:
    value = parse_value(row["value"])
    period = parse_period(row["period"])
    assert isinstance(period, Month | Quarter | FinancialYear)
    assert row["reference"] in INDICATORS
    assert row["organisation"] in CODES
    assert row["organisation"] in APPLIES[row["reference"]]
    assert row["breakdown"] == "" or row["breakdown"] in BREAKDOWNS[row["reference"]]
    assert row["illustrative"] in {"", "yes"}
    if row["numerator"] or row["denominator"]:
        numerator, denominator = Decimal(row["numerator"]), Decimal(row["denominator"])
        shown = round_to(numerator * 100 / denominator, value.decimals)
        assert value.is_number and shown == value.number(), "numerator/denominator disagree"


def test_no_duplicate_measurements() -> None:
    keys = Counter(
        (r["reference"], r["organisation"], r["breakdown"], r["period"]) for r in MEASUREMENTS
    )
    assert [key for key, n in keys.items() if n > 1] == []


def test_no_figure_is_invented() -> None:
    assert [row_id(r) for r in MEASUREMENTS if r["illustrative"] == "yes"] == []


# --- year-end forecasts ----------------------------------------------------------------------


@pytest.mark.parametrize("row", FORECASTS, ids=row_id)
def test_forecast_reads_belongs_and_cites_the_on_track_line(row: dict[str, str]) -> None:
    """Seed 001 gives no forecast figures: each is the target of an indicator
    the pack calls green, "on track to achieve its target" (line 623), so each
    is marked illustrative and says so."""
    assert parse_value(row["forecast"]).is_number
    assert parse_period(row["period"]) == Q1
    assert INDICATORS[row["reference"]]["in_year"] == "forecast"
    assert row["organisation"] in APPLIES[row["reference"]]
    assert row["illustrative"] == "yes"
    assert "seed 001" in row["source"] and "line 623" in row["source"]
    target = next(
        t["target"]
        for t in TARGETS
        if (t["reference"], t["organisation"], t["year"])
        == (row["reference"], row["organisation"], "2019/20")
    )
    assert parse_value(row["forecast"]).number() == parse_target(target).amount  # type: ignore[union-attr]


# --- commentary ----------------------------------------------------------------------------


@pytest.mark.parametrize("row", COMMENTARY, ids=row_id)
def test_commentary_belongs_and_says_something(row: dict[str, str]) -> None:
    assert row["reference"] in INDICATORS
    assert row["organisation"] in APPLIES[row["reference"]]
    assert parse_period(row["period"]) == Q1
    assert any(row[column].strip() for column in ("reasons", "difference", "remedial_actions"))


# --- returns ---------------------------------------------------------------------------------


def test_every_service_area_of_every_council_has_its_q1_return_approved() -> None:
    """Seed 001 reports the Q1 figures to the s151 officers and the Joint Committee:
    each council's and service area's return had been signed off."""
    expected = {
        (organisation, row["directorate"], row["service_area"])
        for row in REGISTER
        for organisation in row["organisations"].split()
    }
    listed = [(r["organisation"], r["directorate"], r["service_area"]) for r in RETURNS]
    assert sorted(listed) == sorted(expected)
    assert {(r["period"], r["status"]) for r in RETURNS} == {("2019/20 Q1", "approved")}


# --- what the data says about Q1 2019/20 ----------------------------------------------------

# Per council: indicators with a Q1 figure, not applicable, incomplete (README's table).
# Seed 001's summary table says Bexley 0/2/6, Havering 41/9/10, Newham 36/7/8; the README
# explains each difference.
EXPECTED_Q1 = {
    "LBB": {"data": 1, "n/a": 2, "incomplete": 6},
    "LBH": {"data": 41, "n/a": 7, "incomplete": 12},
    "LBN": {"data": 36, "n/a": 7, "incomplete": 8},
}


def q1_states() -> dict[str, Counter[str]]:
    values: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in MEASUREMENTS:
        period = parse_period(row["period"])
        if isinstance(period, Month | Quarter) and period.first_month in Q1:
            values[row["reference"], row["organisation"]].append(row["value"])
    states: dict[str, Counter[str]] = defaultdict(Counter)
    for row in REGISTER:
        if row["tier"] == "volumetric" or row["frequency"] == "annual":
            continue
        for organisation in row["organisations"].split():
            kinds = [parse_value(v) for v in values[row["reference"], organisation]]
            assert kinds, f"{row['reference']} {organisation}: no Q1 row"
            if any(v.is_number for v in kinds):
                states[organisation]["data"] += 1
            elif all(str(v) == "not applicable" for v in kinds):
                states[organisation]["n/a"] += 1
            else:
                states[organisation]["incomplete"] += 1
    return states


def test_q1_counts_per_council_are_as_the_readme_says() -> None:
    assert {org: dict(counts) for org, counts in q1_states().items()} == EXPECTED_Q1


# The pack's published Q1 figures, reproduced from its monthly tables with each indicator's
# aggregation: (reference, organisation, published figure, where in seed 001).
PUBLISHED_Q1 = [
    ("AM-08", "LBN", "-41%", "e-learning outturn box, line 744"),
    ("EX-01", "LBH", "30.48%", "council tax outturn box, line 767"),
    ("EX-02", "LBH", "22.3 days", "HB new claims outturn box, line 785"),
    ("EX-03", "LBH", "17 days", "HB change of circumstances outturn box, line 805"),
    ("EX-06", "LBH", "34.69%", "NNDR outturn box, line 826"),
    ("EX-06", "LBN", "32.73%", "NNDR outturn box, line 826"),
    ("EX-07", "LBH", "98.59%", "Havering green table, line 674"),
    ("EX-07", "LBN", "97.70%", "Newham green table, line 705"),
    ("EX-10", "LBH", "99.93%", "payroll accuracy outturn box, line 868"),
    ("EX-10", "LBN", "99.9%", "payroll accuracy outturn box, line 868"),
    ("EX-11", "LBH", "98.54%", "payroll on time outturn box, line 887"),
    ("EX-11", "LBN", "99.98%", "payroll on time outturn box, line 887"),
    ("EX-12", "LBH", "98.92%", "BACS outturn box, line 910"),
    ("EX-12", "LBN", "100%", "BACS outturn box, line 910"),
    ("EX-15", "LBH", "68.67%", "contract amendments outturn box, line 949"),
    ("EX-15", "LBN", "100%", "contract amendments outturn box, line 949 ('100%%')"),
    ("ICT-01", "LBH", "6.29", "ICT satisfaction outturn box, line 972"),
    ("ICT-01", "LBN", "6.35", "ICT satisfaction outturn box, line 972"),
    ("ICT-03", "LBH", "83%", "ICT calls within SLA outturn box, line 991"),
    ("ICT-03", "LBN", "100%", "ICT calls within SLA outturn box, line 991"),
    ("LG-01", "LBH", "90%", "legal satisfaction outturn box, line 1074"),
    ("LG-01", "LBN", "90%", "legal satisfaction outturn box, line 1074"),
    ("LG-03", "LBH", "34.47 weeks", "care orders outturn box, line 1093"),
    ("LG-03", "LBN", "35.46 weeks", "care orders outturn box, line 1093"),
    ("LG-04", "LBH", "6", "hearings outturn box, line 1112 ('6 cases')"),
    ("LG-04", "LBN", "6.3", "hearings outturn box, line 1112 ('6.3 weeks')"),
    ("LG-09", "LBH", "2.4 months", "planning outturn box, line 1128"),
    ("LG-09", "LBN", "7 months", "planning outturn box, line 1128"),
]


@pytest.mark.parametrize(
    ("reference", "organisation", "published", "where"),
    PUBLISHED_Q1,
    ids=[f"{ref}-{org}" for ref, org, _, _ in PUBLISHED_Q1],
)
def test_monthly_figures_reproduce_the_packs_quarter_figure(
    reference: str, organisation: str, published: str, where: str
) -> None:
    months = sorted(
        (parse_period(r["period"]), r)
        for r in MEASUREMENTS
        if r["reference"] == reference
        and r["organisation"] == organisation
        and r["breakdown"] == ""
        and r["period"].startswith("2019-0")
    )
    assert [str(month) for month, _ in months] == ["Apr-19", "May-19", "Jun-19"]
    readings = [Reading(parse_value(row["value"])) for _, row in months]
    quarter = aggregate(readings, Aggregation.parse(INDICATORS[reference]["aggregation"]))
    expected = parse_value(published)
    assert round_to(quarter.number(), expected.decimals) == expected.number(), where

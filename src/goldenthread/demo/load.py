"""Load the demonstration dataset (the oneSource 2019/20 framework, transcribed
from the seeds into `data/*.csv`): all or nothing, and idempotent: loading it
twice changes nothing the second time. The year-end forecasts (`forecasts.csv`)
are those of the indicators the register rates on a forecast.

Every row is checked first: the register and targets by the same rules as the
register spreadsheet (`goldenthread.indicators.bulk`, so this path is exercised
on every run), the figures and commentary with the domain core's parsers; a
problem names the file, row and column, and nothing is saved. The Improvement
Plan (`plan_data`), the illustrative risk register (`risk_data`) and budget
monitoring (`finance_data`) are checked and saved in the same way and the same
transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from goldenthread.demo.finance_data import (
    FinanceFiles,
    check_finance,
    save_finance,
    save_measures,
)
from goldenthread.demo.plan_data import PlanFiles, check_plan, save_plan
from goldenthread.demo.risk_data import RiskFiles, check_risks, save_risks
from goldenthread.demo.rows import read_rows as _rows
from goldenthread.demo.rows import upsert as _upsert
from goldenthread.domain.periods import FinancialYear, Month, PeriodError, Quarter, parse_period
from goldenthread.domain.values import ValueParseError, parse_value
from goldenthread.indicators import bulk
from goldenthread.indicators.bulk import (
    SCALAR_FIELDS,
    IndicatorEntry,
    RegisterRefused,
    TargetEntry,
    register_load,
    register_preview,
)
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.plan.selectors import progress_scale
from goldenthread.returns.models import Commentary, Forecast, Measurement, Return, ReturnStatus
from goldenthread.returns.selectors import first_day
from goldenthread.returns.services import MEASUREMENT_KIND
from goldenthread.risks.selectors import risk_matrix

DATA = Path(__file__).parent / "data"


class DatasetError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Loaded(bulk.Loaded):
    counts: dict[str, int] = field(default_factory=dict)  # rows per kind, for the demo's summary


def _span(text: str) -> tuple[datetime.date, int]:
    period = parse_period(text)
    if not isinstance(period, Month | Quarter | FinancialYear):
        raise PeriodError(f"'{text}' is not a month, quarter or financial year")
    first = period.first_month
    return first_day(first), period.month_count


def load_dataset(folder: Path = DATA) -> Loaded:
    """Check every file, then save everything in one transaction (the register
    is checked inside it, once the organisations it names exist, and rolled back
    with everything else if anything is wrong)."""
    problems: list[str] = []
    organisations = list(_rows(folder, "organisations.csv"))
    register = list(_rows(folder, "register.csv"))
    targets = list(_rows(folder, "targets.csv"))
    measurements = list(_rows(folder, "measurements.csv"))
    commentary = list(_rows(folder, "commentary.csv"))
    returns = list(_rows(folder, "returns.csv"))
    forecasts = list(_rows(folder, "forecasts.csv"))
    plan = PlanFiles.read(folder)
    risks = RiskFiles.read(folder)
    finance = FinanceFiles.read(folder)

    applies = {row["reference"]: set(row["organisations"].split()) for _, row in register}

    def check_pair(where: str, row: dict[str, str]) -> None:
        if row["reference"] not in applies:
            problems.append(f"{where}, column reference: unknown indicator '{row['reference']}'")
        elif row["organisation"] not in applies[row["reference"]]:
            problems.append(
                f"{where}, column organisation: {row['reference']} does not apply to "
                f"'{row['organisation']}'"
            )

    for n, row in measurements:
        where = f"measurements.csv row {n}"
        check_pair(where, row)
        try:
            parse_value(row["value"])
            _span(row["period"])
            for column in ("numerator", "denominator"):
                if row.get(column):
                    Decimal(row[column].replace(",", ""))
        except (ValueParseError, PeriodError, InvalidOperation) as error:
            problems.append(f"{where}: {error}")
    for n, row in commentary:
        where = f"commentary.csv row {n}"
        check_pair(where, row)
        problems += _not_a_quarter(where, row["period"], "commentary is per quarter")
    on_forecast = {row["reference"] for _, row in register if row.get("in_year") == "forecast"}
    for n, row in forecasts:
        where = f"forecasts.csv row {n}"
        check_pair(where, row)
        problems += _not_a_quarter(where, row["period"], "a forecast is given in a quarter")
        if row["reference"] in applies and row["reference"] not in on_forecast:
            problems.append(
                f"{where}, column reference: {row['reference']} is not rated on a year-end "
                "forecast (register.csv, column in_year)"
            )
        try:
            if not parse_value(row["forecast"]).is_number:
                problems.append(f"{where}, column forecast: a forecast is a figure")
        except ValueParseError as error:
            problems.append(f"{where}, column forecast: {error}")
    areas = {(row["directorate"], row["service_area"]) for _, row in register}
    codes = {row["code"] for _, row in organisations}
    for n, row in returns:
        where = f"returns.csv row {n}"
        if row["organisation"] not in codes:
            problems.append(f"{where}, column organisation: unknown '{row['organisation']}'")
        if (row["directorate"], row["service_area"]) not in areas:
            problems.append(
                f"{where}, column service_area: no indicator of the register is in "
                f"'{row['directorate']}: {row['service_area']}'"
            )
        if row["status"] not in ReturnStatus.values:
            problems.append(
                f"{where}, column status: '{row['status']}' is not one of "
                f"{', '.join(ReturnStatus.values)}"
            )
        problems += _not_a_quarter(where, row["period"], "a return is per quarter")
    directorates = {row["directorate"] for _, row in register}
    problems += check_plan(
        plan,
        organisations=codes,
        directorates=directorates,
        indicators=set(applies),
        scale=progress_scale(),
    )
    matrix = risk_matrix()
    problems += check_risks(
        risks,
        organisations=codes,
        directorates=directorates,
        plan_actions={row["reference"] for _, row in plan.actions},
        matrix=matrix,
    )
    problems += check_finance(finance, organisations=codes, directorates=directorates)
    loaded = Loaded()
    with transaction.atomic():
        org = {}
        for _, row in organisations:
            org[row["code"]] = _upsert(
                Organisation,
                loaded,
                {"code": row["code"]},
                {"name": row["name"], "kind": row["kind"]},
            )
        try:
            preview = register_preview(
                [_indicator_entry(n, row) for n, row in register],
                [_target_entry(n, row) for n, row in targets],
            )
        except RegisterRefused as refusal:
            problems += refusal.problems
        if problems:
            raise DatasetError(problems)
        loaded.add(register_load(preview=preview, by=None))
        indicators = Indicator.objects.in_bulk(list(applies), field_name="reference")
        for _, row in measurements:
            value = parse_value(row["value"])
            start, months = _span(row["period"])
            _upsert(
                Measurement,
                loaded,
                {
                    "indicator": indicators[row["reference"]],
                    "organisation": org[row["organisation"]],
                    "breakdown": row.get("breakdown", ""),
                    "start": start,
                    "months": months,
                },
                {
                    "kind": MEASUREMENT_KIND[value.kind],
                    "amount": value.amount,
                    "decimals": value.decimals,
                    "numerator": _decimal(row.get("numerator", "")),
                    "denominator": _decimal(row.get("denominator", "")),
                    "illustrative": row.get("illustrative", "").lower() == "yes",
                    "source": row["source"][:300],
                },
            )
        for _, row in commentary:
            _upsert(
                Commentary,
                loaded,
                {
                    "indicator": indicators[row["reference"]],
                    "organisation": org[row["organisation"]],
                    **_in_quarter(row["period"]),
                },
                {
                    "reasons": row["reasons"],
                    "difference": row["difference"],
                    "remedial_actions": row["remedial_actions"],
                    "source": row["source"][:300],
                },
            )
        for _, row in forecasts:
            value = parse_value(row["forecast"])
            _upsert(
                Forecast,
                loaded,
                {
                    "indicator": indicators[row["reference"]],
                    "organisation": org[row["organisation"]],
                    **_in_quarter(row["period"]),
                },
                {
                    "amount": value.amount,
                    "decimals": value.decimals,
                    "illustrative": row.get("illustrative", "").lower() == "yes",
                    "source": row["source"][:300],
                },
            )
        service_areas = {
            (area.directorate.name, area.name): area
            for area in ServiceArea.objects.select_related("directorate")
        }
        for _, row in returns:
            _upsert(
                Return,
                loaded,
                {
                    "organisation": org[row["organisation"]],
                    "service_area": service_areas[(row["directorate"], row["service_area"])],
                    **_in_quarter(row["period"]),
                },
                {"status": row["status"]},
            )
        actions, problems = save_plan(plan, loaded, org)
        problems = problems or save_risks(risks, loaded, org, actions, matrix)
        if problems:
            raise DatasetError(problems)
        save_finance(finance, loaded, org)
        save_measures(finance, loaded, org)
    loaded.counts = {
        "organisations": len(organisations),
        "indicators": len(register),
        "targets": len(targets),
        "figures": len(measurements),
        "commentaries": len(commentary),
        "returns": len(returns),
        "forecasts": len(forecasts),
        **plan.counts,
        **risks.counts,
        **finance.counts,
    }
    return loaded


def _in_quarter(text: str) -> dict[str, int]:
    """A quarter's fields (`year`, `quarter`), from a period checked already."""
    quarter = parse_period(text)
    assert isinstance(quarter, Quarter)
    return {"year": quarter.financial_year.start_year, "quarter": quarter.number}


def _not_a_quarter(where: str, text: str, why: str) -> list[str]:
    try:
        if isinstance(parse_period(text), Quarter):
            return []
        return [f"{where}, column period: {why}"]
    except PeriodError as error:
        return [f"{where}, column period: {error}"]


def _indicator_entry(number: int, row: dict[str, str]) -> IndicatorEntry:
    """A register.csv row as the register's bulk rules read it."""
    names = [*SCALAR_FIELDS, "organisations", "breakdowns"]
    fields = {name: row[name] for name in names if name in row}
    if "source" in fields:
        fields["source"] = fields["source"][:300]
    where = f"register.csv row {number}"
    places = {name: f"{where}, column {name}" for name in [*names, "reference", "directorate"]}
    places["service_area"] = f"{where}, column service_area"
    return IndicatorEntry(
        row["reference"], row["directorate"], row["service_area"], fields, places, where
    )


def _target_entry(number: int, row: dict[str, str]) -> TargetEntry:
    return TargetEntry(
        row["reference"],
        row["organisation"],
        row["year"],
        row["target"],
        f"targets.csv row {number}, column target",
        row["source"],
    )


def _decimal(text: str) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text else None

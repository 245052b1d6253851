"""Load the demonstration dataset (the oneSource 2019/20 framework, transcribed
from the seeds into `data/*.csv`): all or nothing, and idempotent: loading it
twice changes nothing the second time.

Every row is checked with the domain core's parsers first; a problem names the
file, row and column, and nothing is saved.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model

from goldenthread.domain.periods import FinancialYear, Month, PeriodError, Quarter, parse_period
from goldenthread.domain.rating import Tolerance, ToleranceError
from goldenthread.domain.targets import TargetParseError, parse_target
from goldenthread.domain.values import ValueParseError, parse_value
from goldenthread.indicators.models import (
    AggregationChoice,
    Breakdown,
    ComparisonBasis,
    Frequency,
    Indicator,
    PolarityChoice,
    SchemeChoice,
    Target,
    Tier,
    UnitChoice,
)
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.returns.models import Commentary, Measurement
from goldenthread.returns.selectors import first_day
from goldenthread.returns.services import MEASUREMENT_KIND

DATA = Path(__file__).parent / "data"


class DatasetError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Loaded:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _rows(folder: Path, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield number, {k.strip(): (v or "").strip() for k, v in row.items() if k}


def _choice(value: str, choices: Any, where: str, problems: list[str]) -> str:
    allowed = list(choices.values)
    if value not in allowed:
        problems.append(f"{where}: '{value}' is not one of {', '.join(allowed)}")
    return value


def _upsert(
    model: type[Model], loaded: Loaded, keys: dict[str, Any], values: dict[str, Any]
) -> Any:
    """Create or update one row, saving (and recording history) only if it differs."""
    row = model.objects.filter(**keys).first()
    if row is None:
        loaded.created += 1
        return model.objects.create(**keys, **values)
    if all(getattr(row, name) == value for name, value in values.items()):
        loaded.unchanged += 1
        return row
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    loaded.changed += 1
    return row


def _span(text: str) -> tuple[datetime.date, int]:
    period = parse_period(text)
    if not isinstance(period, Month | Quarter | FinancialYear):
        raise PeriodError(f"'{text}' is not a month, quarter or financial year")
    first = period.first_month
    return first_day(first), period.month_count


def load_dataset(folder: Path = DATA) -> Loaded:
    """Check every file, then save everything in one transaction."""
    problems: list[str] = []
    organisations = list(_rows(folder, "organisations.csv"))
    register = list(_rows(folder, "register.csv"))
    targets = list(_rows(folder, "targets.csv"))
    measurements = list(_rows(folder, "measurements.csv"))
    commentary = list(_rows(folder, "commentary.csv"))

    codes = {row["code"] for _, row in organisations}
    applies: dict[str, set[str]] = {}
    for n, row in register:
        where = f"register.csv row {n}"
        _choice(row["tier"], Tier, f"{where}, column tier", problems)
        _choice(row["unit"], UnitChoice, f"{where}, column unit", problems)
        _choice(row["polarity"], PolarityChoice, f"{where}, column polarity", problems)
        _choice(row["aggregation"], AggregationChoice, f"{where}, column aggregation", problems)
        _choice(row["frequency"], Frequency, f"{where}, column frequency", problems)
        _choice(row["scheme"], SchemeChoice, f"{where}, column scheme", problems)
        _choice(row["comparison"], ComparisonBasis, f"{where}, column comparison", problems)
        try:
            Tolerance.parse(row["tolerance"])
        except ToleranceError as error:
            problems.append(f"{where}, column tolerance: {error}")
        if not row["decimals"].isdigit():
            problems.append(f"{where}, column decimals: '{row['decimals']}' is not a whole number")
        orgs = set(row["organisations"].split())
        for code in orgs - codes:
            problems.append(f"{where}, column organisations: unknown organisation '{code}'")
        if row["reference"] in applies:
            problems.append(f"{where}, column reference: '{row['reference']}' appears twice")
        applies[row["reference"]] = orgs

    def check_pair(where: str, row: dict[str, str]) -> None:
        if row["reference"] not in applies:
            problems.append(f"{where}, column reference: unknown indicator '{row['reference']}'")
        elif row["organisation"] not in applies[row["reference"]]:
            problems.append(
                f"{where}, column organisation: {row['reference']} does not apply to "
                f"'{row['organisation']}'"
            )

    for n, row in targets:
        where = f"targets.csv row {n}"
        check_pair(where, row)
        try:
            parse_target(row["target"])
            FinancialYear.parse(row["year"])
        except (TargetParseError, PeriodError) as error:
            problems.append(f"{where}: {error}")
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
        try:
            if not isinstance(parse_period(row["period"]), Quarter):
                problems.append(f"{where}, column period: commentary is per quarter")
        except PeriodError as error:
            problems.append(f"{where}, column period: {error}")
    if problems:
        raise DatasetError(problems)

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
        indicators = {}
        for _, row in register:
            directorate = _upsert(Directorate, loaded, {"name": row["directorate"]}, {})
            area = _upsert(
                ServiceArea, loaded, {"directorate": directorate, "name": row["service_area"]}, {}
            )
            indicator = _upsert(
                Indicator,
                loaded,
                {"reference": row["reference"]},
                {
                    "title": row["title"],
                    "definition": row["definition"],
                    "service_area": area,
                    "tier": row["tier"],
                    "unit": row["unit"],
                    "decimals": int(row["decimals"]),
                    "polarity": row["polarity"],
                    "aggregation": row["aggregation"],
                    "frequency": row["frequency"],
                    "scheme": row["scheme"],
                    "tolerance": row["tolerance"],
                    "comparison": row["comparison"],
                    "owner": row["owner"],
                    "source": row["source"][:300],
                },
            )
            wanted = {org[c] for c in applies[row["reference"]]}
            if set(indicator.organisations.all()) != wanted:
                indicator.organisations.set(wanted)
            for name in filter(None, (b.strip() for b in row["breakdowns"].split(";"))):
                _upsert(Breakdown, loaded, {"indicator": indicator, "name": name}, {})
            indicators[row["reference"]] = indicator
        for _, row in targets:
            _upsert(
                Target,
                loaded,
                {
                    "indicator": indicators[row["reference"]],
                    "organisation": org[row["organisation"]],
                    "year": FinancialYear.parse(row["year"]).start_year,
                },
                {"text": row["target"], "source": row["source"][:300]},
            )
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
            quarter = parse_period(row["period"])
            assert isinstance(quarter, Quarter)
            _upsert(
                Commentary,
                loaded,
                {
                    "indicator": indicators[row["reference"]],
                    "organisation": org[row["organisation"]],
                    "year": quarter.financial_year.start_year,
                    "quarter": quarter.number,
                },
                {
                    "reasons": row["reasons"],
                    "difference": row["difference"],
                    "remedial_actions": row["remedial_actions"],
                    "source": row["source"][:300],
                },
            )
    loaded.counts = {
        "organisations": len(organisations),
        "indicators": len(register),
        "targets": len(targets),
        "figures": len(measurements),
        "commentaries": len(commentary),
    }
    return loaded


def _decimal(text: str) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text else None

"""The demo's budget monitoring: oneSource's Period 5 2019/20 forecast (seed 001
lines 195-296) and its 2017/18 outturn (seed 004 lines 166-325), transcribed
into `data/finance_*.csv`, each row citing its seed line or saying why it is
illustrative. The lines are built from the papers' narrative so that the
summary tables and the reserve tables come out exactly (to the pound); the
formula shares, the budgets and Period 4 are illustrative (see data/README.md).

Rows are checked first without the database (`check_finance`: money and
shares as the finance pages read them, `domain.money.read_money` and
`domain.cost_share.read_share`, each service's shares adding up to the whole),
then saved idempotently inside the loader's transaction (`save_finance`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from goldenthread.demo.rows import read_rows, set_many, upsert
from goldenthread.domain.cost_share import ShareError, Shares, read_share
from goldenthread.domain.money import MoneyError, read_money
from goldenthread.finance import measures
from goldenthread.finance.models import (
    EXPLANATION_LENGTH,
    Allocation,
    Budget,
    BudgetLine,
    FinanceMeasure,
    FinancePeriod,
    LineBudget,
    LineForecast,
    PartnerShare,
    ReserveAmount,
    ReserveItem,
    Saving,
    ShareBasis,
    StatedFigure,
)
from goldenthread.indicators.bulk import Loaded
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.submissions.models import SubmissionStatus

Rows = list[tuple[int, dict[str, str]]]
NAMES = (
    "budgets",
    "shares",
    "lines",
    "line_budgets",
    "periods",
    "forecasts",
    "stated",
    "reserves",
    "savings",
    "measures",
)
PARTNER_COLUMNS = ("LBB", "LBH", "LBN")  # the reserve table's columns, as seed 001 prints them


@dataclass(frozen=True)
class FinanceFiles:
    budgets: Rows
    shares: Rows
    lines: Rows
    line_budgets: Rows
    periods: Rows
    forecasts: Rows
    stated: Rows
    reserves: Rows
    savings: Rows
    measures: Rows  # indicators that read their figures from budget monitoring

    @classmethod
    def read(cls, folder: Path) -> FinanceFiles:
        return cls(*(list(read_rows(folder, f"finance_{name}.csv")) for name in NAMES))

    @property
    def counts(self) -> dict[str, int]:
        return {"budget lines": len(self.lines), "line forecasts": len(self.forecasts)}


def _money(where: str, column: str, text: str, problems: list[str]) -> Decimal:
    try:
        return read_money(text)
    except MoneyError as error:
        problems.append(f"{where}, column {column}: {error}")
        return Decimal(0)


def _year_period(where: str, row: dict[str, str]) -> list[str]:
    if not row["year"].isdigit() or not row.get("period", "1").isdigit():
        return [f"{where}, columns year and period: whole numbers, e.g. 2019 and 5"]
    if not 1 <= int(row.get("period", "1")) <= 12:
        return [f"{where}, column period: 1 (April) to 12 (March)"]
    return []


def _shares_problems(files: FinanceFiles, directorates: set[str]) -> list[str]:
    problems: list[str] = []
    bases: dict[tuple[str, str, str], dict[str, Fraction]] = defaultdict(dict)
    for n, row in files.shares:
        where = f"finance_shares.csv row {n}"
        if row["directorate"] not in directorates:
            problems.append(f"{where}, column directorate: unknown '{row['directorate']}'")
        try:
            share = read_share(row["share"])
        except ShareError as error:
            problems.append(f"{where}, column share: {error}")
            continue
        key = (row["directorate"], row["service_area"], row["year"])
        if row["partner"] in bases[key]:
            problems.append(f"{where}, column partner: {row['partner']} has two shares")
        bases[key][row["partner"]] = share
    for (directorate, area, year), parts in bases.items():
        try:
            Shares.agreed(parts)
        except ShareError as error:
            problems.append(f"finance_shares.csv, {directorate}: {area} {year}: {error}")
    return problems


def check_finance(
    files: FinanceFiles, *, organisations: set[str], directorates: set[str]
) -> list[str]:
    """What can be checked before anything is saved."""
    problems = _shares_problems(files, directorates)
    councils = organisations - {row["organisation"] for _, row in files.budgets}
    for n, row in files.budgets:
        where = f"finance_budgets.csv row {n}"
        if row["organisation"] not in organisations:
            problems.append(f"{where}, column organisation: unknown '{row['organisation']}'")
        if row["directorate"] not in directorates:
            problems.append(f"{where}, column directorate: unknown '{row['directorate']}'")
        problems += _year_period(where, row)
    based = {(r["directorate"], r["service_area"], r["year"]) for _, r in files.shares}
    lines: dict[str, dict[str, str]] = {}
    for n, row in files.lines:
        where = f"finance_lines.csv row {n}"
        if row["code"] in lines:
            problems.append(f"{where}, column code: '{row['code']}' is used twice")
        lines[row["code"]] = row
        if row["directorate"] not in directorates:
            problems.append(f"{where}, column directorate: unknown '{row['directorate']}'")
        if row["council"] and row["council"] not in councils:
            problems.append(f"{where}, column council: '{row['council']}' is not a partner")
        if row["allocation"] not in Allocation.values:
            problems.append(f"{where}, column allocation: one of {', '.join(Allocation.values)}")
        chosen = row["partners"].split()
        if (row["allocation"] == Allocation.PARTNERS) != bool(chosen) or set(chosen) - councils:
            problems.append(f"{where}, column partners: the chosen partners' codes, if any")
        if row["allocation"] == Allocation.FIXED:
            problems.append(f"{where}, column allocation: the demo has no fixed amounts")
    budgeted: set[tuple[str, str]] = set()
    for n, row in files.line_budgets:
        where = f"finance_line_budgets.csv row {n}"
        line = lines.get(row["line"])
        if line is None:
            problems.append(f"{where}, column line: not in finance_lines.csv")
            continue
        problems += _year_period(where, row)
        _money(where, "budget", row["budget"], problems)
        budgeted.add((row["line"], row["year"]))
        if not line["council"] and (line["directorate"], line["service_area"], row["year"]) not in (
            based
        ):
            problems.append(
                f"{where}: {row['line']} is shared but its service has no shares for "
                f"{row['year']} in finance_shares.csv"
            )
    periods = set()
    for n, row in files.periods:
        where = f"finance_periods.csv row {n}"
        problems += _year_period(where, row)
        if row["status"] not in SubmissionStatus.values:
            problems.append(f"{where}, column status: one of {', '.join(SubmissionStatus.values)}")
        periods.add((row["organisation"], row["year"], row["period"]))
    for n, row in files.forecasts:
        where = f"finance_forecasts.csv row {n}"
        if (row["organisation"], row["year"], row["period"]) not in periods:
            problems.append(f"{where}: the period is not in finance_periods.csv")
        if (row["line"], row["year"]) not in budgeted:
            problems.append(f"{where}, column line: no budget for {row['year']}")
        _money(where, "forecast", row["forecast"], problems)
        if len(row["explanation"]) > EXPLANATION_LENGTH:
            problems.append(f"{where}, column explanation: at most {EXPLANATION_LENGTH} characters")
    for n, row in files.stated:
        where = f"finance_stated.csv row {n}"
        if (row["organisation"], row["year"], row["period"]) not in periods:
            problems.append(f"{where}: the period is not in finance_periods.csv")
        if row["measure"] not in StatedFigure.Measure.values:
            problems.append(f"{where}, column measure: '{row['measure']}' is not known")
        if row["council"] and row["council"] not in councils:
            problems.append(f"{where}, column council: '{row['council']}' is not a partner")
        _money(where, "amount", row["amount"], problems)
        _money(where, "precision", row["precision"], problems)
    for n, row in files.reserves:
        where = f"finance_reserves.csv row {n}"
        if row["kind"] not in ReserveItem.Kind.values:
            problems.append(f"{where}, column kind: one of {', '.join(ReserveItem.Kind.values)}")
        for code in PARTNER_COLUMNS:
            if row[code]:
                _money(where, code, row[code], problems)
    for n, row in files.savings:
        where = f"finance_savings.csv row {n}"
        if row["partner"] and row["partner"] not in councils:
            problems.append(f"{where}, column partner: '{row['partner']}' is not a partner")
        for column in ("planned", "achieved"):
            if row[column]:
                _money(where, column, row[column], problems)
    return problems


def _area(directorate: str, name: str, loaded: Loaded) -> ServiceArea:
    found: ServiceArea = upsert(
        ServiceArea,
        loaded,
        {"directorate": Directorate.objects.get(name=directorate), "name": name},
        {},
    )
    return found


def save_finance(files: FinanceFiles, loaded: Loaded, org: dict[str, Organisation]) -> None:
    """Save the budgets, lines, forecasts, stated figures, reserves and savings
    (inside the loader's transaction, after `check_finance` found nothing)."""
    budgets = {}
    for _, row in files.budgets:
        area = _area(row["directorate"], row["service_area"], loaded)
        budgets[(row["organisation"], row["year"])] = upsert(
            Budget,
            loaded,
            {"organisation": org[row["organisation"]], "year": int(row["year"])},
            {"prepared_by": area},
        )
    _save_shares(files.shares, loaded, org)
    lines = _save_lines(files, loaded, org)
    periods = {}
    for _, row in files.periods:
        budget = budgets[(row["organisation"], row["year"])]
        periods[(row["organisation"], row["year"], row["period"])] = upsert(
            FinancePeriod,
            loaded,
            {
                "organisation": budget.organisation,
                "year": budget.year,
                "period": int(row["period"]),
            },
            {"service_area": budget.prepared_by, "status": row["status"]},
        )
    for _, row in files.forecasts:
        upsert(
            LineForecast,
            loaded,
            {
                "period": periods[(row["organisation"], row["year"], row["period"])],
                "line": lines[row["line"]],
            },
            {
                "forecast": read_money(row["forecast"]),
                "explanation": row["explanation"],
                "source": row["source"][:300],
            },
        )
    for _, row in files.stated:
        upsert(
            StatedFigure,
            loaded,
            {
                "period": periods[(row["organisation"], row["year"], row["period"])],
                "measure": row["measure"],
                "council": org[row["council"]] if row["council"] else None,
                "where": row["source"][:300],
            },
            {"amount": read_money(row["amount"]), "precision": read_money(row["precision"])},
        )
    for _, row in files.reserves:
        item = upsert(
            ReserveItem,
            loaded,
            {
                "organisation": org[row["organisation"]],
                "year": int(row["year"]),
                "purpose": row["purpose"],
            },
            {
                "kind": row["kind"],
                "in_base": row["in_base"] == "yes",
                "position": int(row["position"]),
                "source": row["source"][:300],
            },
        )
        for code in PARTNER_COLUMNS:
            if row[code]:
                upsert(
                    ReserveAmount,
                    loaded,
                    {"item": item, "partner": org[code]},
                    {"amount": read_money(row[code])},
                )
    for _, row in files.savings:
        upsert(
            Saving,
            loaded,
            {
                "organisation": org[row["organisation"]],
                "year": int(row["year"]),
                "partner": org[row["partner"]] if row["partner"] else None,
                "title": row["title"],
            },
            {
                "planned": read_money(row["planned"]),
                "achieved": read_money(row["achieved"]) if row["achieved"] else None,
                "source": row["source"][:300],
            },
        )


def _save_shares(
    rows: Iterable[tuple[int, dict[str, str]]], loaded: Loaded, org: dict[str, Organisation]
) -> None:
    for _, row in rows:
        basis = upsert(
            ShareBasis,
            loaded,
            {
                "service": _area(row["directorate"], row["service_area"], loaded),
                "year": int(row["year"]),
            },
            {
                "basis": row["basis"],
                "activity_driven": row["activity_driven"] == "yes",
                "tolerance": Decimal(row["tolerance"]) if row["tolerance"] else None,
                "source": row["source"][:300],
            },
        )
        share = read_share(row["share"])
        upsert(
            PartnerShare,
            loaded,
            {"basis": basis, "partner": org[row["partner"]]},
            {"numerator": share.numerator, "denominator": share.denominator},
        )


def _save_lines(
    files: FinanceFiles, loaded: Loaded, org: dict[str, Organisation]
) -> dict[str, BudgetLine]:
    lines: dict[str, BudgetLine] = {}
    for _, row in files.lines:
        area = _area(row["directorate"], row["service_area"], loaded)
        before = loaded.created
        line = upsert(
            BudgetLine,
            loaded,
            {"organisation": org[row["organisation"]], "code": row["code"]},
            {
                "name": row["name"],
                "service": area,
                "council": org[row["council"]] if row["council"] else None,
                "allocation": row["allocation"],
                "source": row["source"][:300],
            },
        )
        chosen = [org[code] for code in row["partners"].split()]
        set_many(line, "partners", chosen, loaded, fresh=loaded.created > before)
        lines[row["code"]] = line
    for _, row in files.line_budgets:
        upsert(
            LineBudget,
            loaded,
            {"line": lines[row["line"]], "year": int(row["year"])},
            {"budget": read_money(row["budget"])},
        )
    return lines


def save_measures(files: FinanceFiles, loaded: Loaded, org: dict[str, Organisation]) -> None:
    """Link the indicators that read from budget monitoring (seed 000's "Savings
    achieved") and record their figures from it, as signing a period off does."""
    for n, row in files.measures:
        indicator = Indicator.objects.filter(reference=row["indicator"]).first()
        if indicator is None:
            raise ValueError(f"finance_measures.csv row {n}: unknown '{row['indicator']}'")
        link = upsert(
            FinanceMeasure,
            loaded,
            {"indicator": indicator},
            {"organisation": org[row["organisation"]], "measure": row["measure"]},
        )
        link.full_clean()
    measures.feed()

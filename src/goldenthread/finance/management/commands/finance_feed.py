"""`goldenthread finance_feed [--year YEAR]`: record the figures of every
indicator that reads from budget monitoring (`finance.measures`), from the
signed-off periods and the savings programme."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.domain.periods import FinancialYear, PeriodError
from goldenthread.finance.measures import feed


def year_of(text: str) -> int:
    """A financial year as written: 2019/20 or 2019."""
    try:
        if text.isascii() and text.isdigit() and len(text) == 4:
            return int(text)
        return FinancialYear.parse(text).start_year
    except (PeriodError, ValueError):
        raise CommandError(f"--year: '{text}' is not a financial year (write 2019/20)") from None


class Command(BaseCommand):
    help = (
        "Record the figures of the indicators that read from budget monitoring, from "
        "the signed-off periods and the savings programme."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", help="only this financial year (2019/20); default: every year"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = year_of(options["year"]) if options["year"] else None
        fed = feed(year=year)
        self.stdout.write(
            f"Indicators' figures from budget monitoring: {fed.written} recorded or "
            f"changed, {fed.removed} taken out."
        )

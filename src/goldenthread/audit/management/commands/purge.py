"""`goldenthread purge`: anonymise people who left, delete row history and audit
events older than their retention periods; recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.audit.retention import MINIMUM_AUDIT_YEARS, PurgePlan, purge_apply, purge_plan

LEAVER_DAYS = 90
HISTORY_YEARS = 6
AUDIT_YEARS = 6


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Anonymise the accounts of people who left and delete row history and audit "
        "events older than the retention periods; --dry-run lists what it would do."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--leaver-days",
            type=_positive,
            default=LEAVER_DAYS,
            help="anonymise accounts that cannot sign in and were last used more than "
            f"this many days ago (default {LEAVER_DAYS})",
        )
        parser.add_argument(
            "--history-years",
            type=_positive,
            default=HISTORY_YEARS,
            help="delete row history older than this, keeping each object's latest row "
            f"(default {HISTORY_YEARS})",
        )
        parser.add_argument(
            "--audit-years",
            type=_positive,
            default=AUDIT_YEARS,
            help=f"delete audit events older than this (default {AUDIT_YEARS}; at least "
            f"{MINIMUM_AUDIT_YEARS}: the database refuses less)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would change; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = purge_plan(
                leaver_days=options["leaver_days"],
                history_years=options["history_years"],
                audit_years=options["audit_years"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        dry_run = options["dry_run"]
        self._describe(plan, "Would" if dry_run else "Will")
        if plan.is_empty:
            self.stdout.write("Nothing to purge.")
            return
        if dry_run:
            self.stdout.write("Dry run: nothing changed.")
            return
        event = purge_apply(plan=plan)
        assert event is not None
        self.stdout.write(f"Done; recorded in the audit log as event {event.pk}.")

    def _describe(self, plan: PurgePlan, verb: str) -> None:
        write = self.stdout.write
        write(
            f"{verb} anonymise {len(plan.leavers)} people who left (cannot sign in, last "
            f"used before {plan.leavers_before:%Y-%m-%d})" + (":" if plan.leavers else ".")
        )
        for person in plan.leavers:
            used = person.last_login or person.date_joined
            write(f"  {person.get_username()} (last used {used:%Y-%m-%d})")
        write(
            f"{verb} delete {plan.history_rows} history rows older than "
            f"{plan.history_before:%Y-%m-%d}, keeping each object's latest"
            + (":" if plan.history else ".")
        )
        for label, rows in plan.history.items():
            write(f"  {label}: {rows}")
        write(
            f"{verb} delete {plan.audit_events} audit events older than "
            f"{plan.audit_before:%Y-%m-%d}."
        )

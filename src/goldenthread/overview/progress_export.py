"""The progress page's table as a download: each council and service area's
submission for the quarter (every kind), with who enters it, when it is due,
the days overdue and its last change, with the page's filters. The rows are
the page's (`submissions.selectors.progress_of_every_kind`)."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone

from goldenthread.exports.table import Cell, Column, Table, file_stem
from goldenthread.overview.queries import progress_query
from goldenthread.people.access import Scope
from goldenthread.submissions.selectors import (
    progress_of_every_kind,
)

COLUMNS = (
    Column("Submission", 14),
    Column("Council", 9),
    Column("Directorate", 24),
    Column("Service area", 24),
    Column("Responsible officer", 28),
    Column("Items", 9),
    Column("State", 12),
    Column("Due", 12),
    Column("Days overdue", 9),
    Column("Last change", 17),
    Column("Changed by", 16),
)


def progress_table(scope: Scope, query: QueryDict) -> Table:
    """The progress page's rows for this query string (`period`, `organisation`,
    `directorate`, `state`): a council the person may not see is not found."""
    quarter, councils, filters = progress_query(scope, query)
    sections = progress_of_every_kind(councils.visible, quarter, filters)
    rows: list[tuple[Cell, ...]] = []
    for section in sections:
        for row in section.rows:
            submission = row.submission
            changed = None if submission is None else timezone.localtime(submission.updated_at)
            by = submission.updated_by if submission is not None else None
            rows.append(
                (
                    section.kind.label,
                    row.organisation.code,
                    row.service_area.directorate.name,
                    row.service_area.name,
                    ", ".join(row.officers),
                    row.items,
                    row.state,
                    row.due_on,
                    row.days_overdue,
                    changed,
                    str(by) if by is not None else None,
                )
            )
    title = f"Progress of {quarter.label} returns"
    name = file_stem("progress", quarter.label, councils.chosen.code if councils.chosen else "")
    items = {section.kind.items for section in sections}  # "Indicators" for data returns
    heading = items.pop() if len(items) == 1 else "Items"
    columns = [Column(heading, 10) if c.heading == "Items" else c for c in COLUMNS]
    return Table(title, name, columns, rows)

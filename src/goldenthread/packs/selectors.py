"""Reads for packs: the snapshot of everything a pack shows (its frame here, each
section's part from its own module, named in `packs.sections`), and the packs a
person may see."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import QuerySet

from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation
from goldenthread.packs.models import Pack, PackState
from goldenthread.packs.pack_request import PackRequest
from goldenthread.packs.sections import SNAPSHOT_PARTS
from goldenthread.people.access import Scope
from goldenthread.reports.content import ExceptionRule
from goldenthread.reports.sections import parse_sections, recorded_sections
from goldenthread.reports.snapshot import SCHEMA, Snapshot


def pack_snapshot(
    *,
    quarter: Quarter,
    organisation: Organisation | None,
    exception_rule: ExceptionRule,
    taken_at: datetime.datetime,
    sections: Sequence[str] | None = None,
) -> Snapshot:
    """Everything the pack for `quarter` shows, as plain data (see reports.snapshot):
    the frame (period, councils, when taken), then each section's part (all of them
    unless `sections` names some)."""
    names = parse_sections(sections)
    candidates = [organisation] if organisation else list(Organisation.objects.all())
    request = PackRequest(quarter, candidates, exception_rule)
    parts = [SNAPSHOT_PARTS[name](request) for name in names]
    if not sections:  # every section that has something to show
        shown = [(n, p) for n, p in zip(names, parts, strict=True) if not p.empty]
        names, parts = tuple(n for n, _ in shown), [p for _, p in shown]
    used = set().union(*(part.organisations for part in parts))
    publisher = Organisation.objects.filter(kind=Organisation.Kind.SHARED_SERVICE).first()
    snapshot: Snapshot = {
        "schema": SCHEMA,
        "publisher": publisher.name if publisher else "",
        "taken_at": taken_at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "period": {
            "label": quarter.label,
            "year": quarter.financial_year.label,
            "quarter": quarter.number,
            "first_month": f"{quarter.first_month.year}-{quarter.first_month.month:02d}",
            "last_month": f"{quarter.last_month.year}-{quarter.last_month.month:02d}",
        },
        "council": organisation.code if organisation else None,
        "organisations": [
            {"code": o.code, "name": o.name, "kind": o.kind} for o in candidates if o.code in used
        ],
        "since": None,
        **recorded_sections(names),
    }
    for part in parts:
        snapshot.update(part.data)
    return snapshot


def packs_for(scope: Scope) -> QuerySet[Pack]:
    """The packs a person may read: a council's pack if they see that council; the
    pack for every council if they see every council. Only the performance team
    sees packs still being built or that could not be built."""
    query = Pack.objects.select_related("organisation", "built_by")
    if scope.role is None:
        return query.none()
    if scope.is_performance_team:
        return query
    query = query.filter(state=PackState.BUILT)
    if scope.all_organisations:
        return query
    return query.filter(organisation_id__in=scope.organisation_ids)


def previous_pack(*, year: int, quarter: int, organisation: Organisation | None) -> Pack | None:
    """The latest pack for the same period and council (built, or to be built)."""
    return (
        Pack.objects.filter(year=year, quarter=quarter, organisation=organisation)
        .exclude(state=PackState.FAILED)
        .order_by("-built_at", "-id")
        .first()
    )

"""The demo's Improvement Plan: seed 000's four priorities, seed 001's five plan
services with their leads, all 45 actions (IP01-IP45) and their Q2 2019/20
update with the leads' summary lines (`data/priorities.csv`, `plan_services.csv`,
`plan_actions.csv`, `plan_updates.csv`, `plan_explanations.csv`; data/README.md
says how each was read).

Rows are checked in two steps, as the rest of the loader does: first what needs
no database (`check_plan`: known councils, services, priorities, indicators,
judgements and quarters), then, once the services exist, each action and each
update by the plan's own forms (`ActionForm`, `ActionUpdateForm`: the rules the
pages and the spreadsheet import apply). A problem names the file, row and
column; nothing is saved. The Q2 updates are stored signed off: seed 001 is
the committee's report of them (line 354: "To note the ... Q2 progress update").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from goldenthread.demo.rows import form_problems, read_rows, set_many, upsert
from goldenthread.domain.judgements import Scale
from goldenthread.indicators.bulk import Loaded
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.pages.forms import short_reference
from goldenthread.plan.forms import ActionForm, ActionUpdateForm
from goldenthread.plan.models import Action, ActionUpdate, PlanService, PlanUpdate, Priority
from goldenthread.plan.selectors import progress_scale
from goldenthread.submissions.models import SubmissionStatus

Rows = list[tuple[int, dict[str, str]]]
ALL = "ALL"


@dataclass(frozen=True)
class PlanFiles:
    priorities: Rows
    services: Rows
    actions: Rows
    updates: Rows
    explanations: Rows

    @classmethod
    def read(cls, folder: Path) -> PlanFiles:
        return cls(
            *(
                list(read_rows(folder, f"{name}.csv"))
                for name in (
                    "priorities",
                    "plan_services",
                    "plan_actions",
                    "plan_updates",
                    "plan_explanations",
                )
            )
        )

    @property
    def counts(self) -> dict[str, int]:
        return {
            "plan actions": len(self.actions),
            "action updates": len(self.updates),
        }


def partner_codes(text: str) -> list[str]:
    """The plan's partner column ("ALL", "LBH", "LBH/LBN") as council codes ([] for ALL)."""
    return [] if text == ALL else [code.strip() for code in text.split("/") if code.strip()]


def _usable(reference: str) -> bool:
    try:
        short_reference(reference, "plan:action", "IP01")
    except ValidationError:
        return False
    return True


def check_plan(
    files: PlanFiles,
    *,
    organisations: set[str],
    directorates: set[str],
    indicators: set[str],
    scale: Scale,
) -> list[str]:
    """What can be checked before anything is saved."""
    problems: list[str] = []
    priorities = {row["number"] for _, row in files.priorities}
    for n, row in files.priorities:
        if not row["number"].isdigit() or not row["name"]:
            problems.append(f"priorities.csv row {n}: give a number and a name")
    services = {row["name"] for _, row in files.services}
    for n, row in files.services:
        where = f"plan_services.csv row {n}"
        if row["organisation"] not in organisations:
            problems.append(f"{where}, column organisation: unknown '{row['organisation']}'")
        if row["directorate"] not in directorates:
            problems.append(f"{where}, column directorate: unknown '{row['directorate']}'")
        if not row["number"].isdigit():
            problems.append(f"{where}, column number: a whole number")
    references: set[str] = set()
    for n, row in files.actions:
        where = f"plan_actions.csv row {n}"
        if not _usable(row["reference"]) or row["reference"] in references:
            problems.append(f"{where}, column reference: '{row['reference']}' is not a new one")
        references.add(row["reference"])
        if row["service"] not in services:
            problems.append(f"{where}, column service: not in plan_services.csv")
        if row["priority"] not in priorities:
            problems.append(f"{where}, column priority: not in priorities.csv")
        codes = partner_codes(row["partners"])
        if row["partners"] != ALL and (not codes or set(codes) - organisations):
            problems.append(f"{where}, column partners: '{row['partners']}' is not ALL or codes")
        for reference in row["indicators"].split():
            if reference not in indicators:
                problems.append(f"{where}, column indicators: unknown indicator '{reference}'")
    judged: set[tuple[str, str, str]] = set()
    for n, row in files.updates:
        where = f"plan_updates.csv row {n}"
        if row["reference"] not in references:
            problems.append(f"{where}, column reference: not in plan_actions.csv")
        problems += _quarter_problems(where, row)
        key = (row["reference"], row["year"], row["quarter"])
        if key in judged:
            problems.append(f"{where}: a second update of {row['reference']} in that quarter")
        judged.add(key)
        if scale.find(row["status"]) is None:
            problems.append(f"{where}, column status: {scale.refusal(row['status'])}")
    for n, row in files.explanations:
        where = f"plan_explanations.csv row {n}"
        if row["service"] not in services:
            problems.append(f"{where}, column service: not in plan_services.csv")
        problems += _quarter_problems(where, row)
        if scale.find(row["status"]) is None:
            problems.append(f"{where}, column status: {scale.refusal(row['status'])}")
    return problems


def _quarter_problems(where: str, row: dict[str, str]) -> list[str]:
    if not row["year"].isdigit() or row["quarter"] not in ("1", "2", "3", "4"):
        return [f"{where}, columns year and quarter: a year such as 2019 and a quarter 1 to 4"]
    return []


def save_plan(
    files: PlanFiles, loaded: Loaded, organisations: dict[str, Organisation]
) -> tuple[dict[str, Action], list[str]]:
    """Save the plan (inside the loader's transaction); returns the actions by
    reference and the problems the plan's forms found (the caller refuses all)."""
    problems: list[str] = []
    priorities = {
        row["number"]: upsert(
            Priority,
            loaded,
            {"number": int(row["number"])},
            {"name": row["name"], "description": row.get("description", "")},
        )
        for _, row in files.priorities
    }
    services: dict[str, PlanService] = {}
    for _, row in files.services:
        directorate = Directorate.objects.get(name=row["directorate"])
        area = upsert(
            ServiceArea, loaded, {"directorate": directorate, "name": row["service_area"]}, {}
        )
        services[row["name"]] = upsert(
            PlanService,
            loaded,
            {"name": row["name"]},
            {
                "organisation": organisations[row["organisation"]],
                "service_area": area,
                "number": int(row["number"]),
                "lead": row["lead"],
            },
        )
    indicators = Indicator.objects.in_bulk(field_name="reference")
    actions: dict[str, Action] = {}
    for n, row in files.actions:
        where = f"plan_actions.csv row {n}"
        partners = [organisations[code] for code in partner_codes(row["partners"])]
        linked = [indicators[ref] for ref in row["indicators"].split()]
        form = ActionForm(
            {
                "reference": row["reference"],
                "service": services[row["service"]].pk,
                "priority": priorities[row["priority"]].pk,
                "all_partners": row["partners"] == ALL,
                "partners": [o.pk for o in partners],
                "delivery": row["delivery"],
                "outcome": row["outcome"],
                "target": row["target"],
                "owner": "",
                "indicators": [i.pk for i in linked],
            },
            instance=Action.objects.filter(reference=row["reference"]).first(),
        )
        if not form.is_valid():
            problems += form_problems(where, form.errors)
            continue
        before = loaded.created
        action = upsert(
            Action,
            loaded,
            {"reference": row["reference"]},
            {
                "service": services[row["service"]],
                "priority": priorities[row["priority"]],
                "all_partners": row["partners"] == ALL,
                "delivery": row["delivery"],
                "outcome": row["outcome"],
                "target": row["target"],
                "source": row["source"][:300],
            },
        )
        fresh = loaded.created > before
        set_many(action, "partners", partners, loaded, fresh=fresh)
        set_many(action, "indicators", linked, loaded, fresh=fresh)
        actions[row["reference"]] = action
    if problems:
        return actions, problems
    problems += _save_updates(files, loaded, services, actions)
    return actions, problems


def _save_updates(
    files: PlanFiles,
    loaded: Loaded,
    services: dict[str, PlanService],
    actions: dict[str, Action],
) -> list[str]:
    """Each service's update for each quarter the files give, signed off, with its
    summary lines and its actions' updates (checked by `ActionUpdateForm`)."""
    problems: list[str] = []
    scale = progress_scale()
    lines: dict[tuple[str, int, int], dict[str, str]] = defaultdict(dict)
    for _, row in files.explanations:
        code = scale[row["status"]].code
        lines[(row["service"], int(row["year"]), int(row["quarter"]))][code] = row["explanation"]
    updates: dict[tuple[str, int, int], PlanUpdate] = {}

    def update_for(service: PlanService, year: int, quarter: int) -> PlanUpdate:
        key = (service.name, year, quarter)
        if key not in updates:
            updates[key] = upsert(
                PlanUpdate,
                loaded,
                {
                    "organisation": service.organisation,
                    "service_area": service.service_area,
                    "year": year,
                    "quarter": quarter,
                },
                {"status": SubmissionStatus.APPROVED, "explanations": lines.get(key, {})},
            )
        return updates[key]

    for n, row in files.updates:
        action = actions[row["reference"]]
        form = ActionUpdateForm(
            {"status": row["status"], "progress": row["progress"], "next_steps": row["next_steps"]},
            action=action,
            scale=scale,
            second=None,
        )
        if not form.is_valid():
            problems += form_problems(f"plan_updates.csv row {n}", form.errors)
            continue
        entry = form.entry()
        update = update_for(action.service, int(row["year"]), int(row["quarter"]))
        upsert(
            ActionUpdate,
            loaded,
            {"update": update, "action": action},
            {
                "status": entry.status,
                "progress": entry.progress,
                "next_steps": entry.next_steps,
                "source": row["source"][:300],
            },
        )
    return problems

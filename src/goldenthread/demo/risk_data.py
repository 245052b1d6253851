"""The demo's risk register: ILLUSTRATIVE. The seeds have no risk register (seed
000 line 93 says the shared service keeps one); these risks are built from the
pressures the seeds describe, each citing the seed line of its pressure
(`data/risks.csv`, `risk_controls.csv`, `risk_actions.csv`,
`risks_appetite.csv`, `risk_reviews.csv`; every row is marked `illustrative`).
Scores are on the default 5 x 5 matrix (`domain.risk_matrix.DEFAULT`).

Two quarters of reviews (2019/20 Q1 and Q2), both signed off, so the register
shows movement. Rows are checked first without the database (`check_risks`),
then by the register's own forms (`RiskForm`, `ControlForm`, `RiskActionForm`,
`AppetiteForm`, `ReviewForm`) inside the loader's transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goldenthread.demo.plan_data import ALL, partner_codes
from goldenthread.demo.rows import form_problems, read_rows, set_many, upsert
from goldenthread.domain.risk_matrix import Matrix, Score
from goldenthread.indicators.bulk import Loaded
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.plan.models import Action
from goldenthread.risks.forms import (
    AppetiteForm,
    ControlForm,
    ReviewForm,
    RiskActionForm,
    RiskForm,
)
from goldenthread.risks.models import (
    Appetite,
    Control,
    ReviewRound,
    Risk,
    RiskAction,
    RiskReview,
)
from goldenthread.submissions.models import SubmissionStatus

Rows = list[tuple[int, dict[str, str]]]
SCORES = ("inherent", "current", "target")


@dataclass(frozen=True)
class RiskFiles:
    risks: Rows
    controls: Rows
    actions: Rows
    appetite: Rows
    reviews: Rows

    @classmethod
    def read(cls, folder: Path) -> RiskFiles:
        return cls(
            *(
                list(read_rows(folder, f"{name}.csv"))
                for name in (
                    "risks",
                    "risk_controls",
                    "risk_actions",
                    "risks_appetite",
                    "risk_reviews",
                )
            )
        )

    @property
    def counts(self) -> dict[str, int]:
        return {"risks (illustrative)": len(self.risks), "risk reviews": len(self.reviews)}


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def check_risks(
    files: RiskFiles,
    *,
    organisations: set[str],
    directorates: set[str],
    plan_actions: set[str],
    matrix: Matrix,
) -> list[str]:
    """What can be checked before anything is saved."""
    problems: list[str] = []
    references: set[str] = set()
    for n, row in files.risks:
        where = f"risks.csv row {n}"
        if row["reference"] in references:
            problems.append(f"{where}, column reference: '{row['reference']}' is used twice")
        references.add(row["reference"])
        if row["organisation"] not in organisations:
            problems.append(f"{where}, column organisation: unknown '{row['organisation']}'")
        if row["directorate"] not in directorates:
            problems.append(f"{where}, column directorate: unknown '{row['directorate']}'")
        codes = partner_codes(row["partners"])
        if row["partners"] != ALL and (not codes or set(codes) - organisations):
            problems.append(f"{where}, column partners: '{row['partners']}' is not ALL or codes")
        problems += _illustrative(where, row)
        for which in SCORES:
            problems += _score_problems(
                where, row, f"{which}_likelihood", f"{which}_impact", matrix
            )
    for name, rows in (("risk_controls.csv", files.controls), ("risk_actions.csv", files.actions)):
        for n, row in rows:
            if row["risk"] not in references:
                problems.append(f"{name} row {n}, column risk: not in risks.csv")
            problems += _illustrative(f"{name} row {n}", row)
    for n, row in files.actions:
        if row["plan_action"] and row["plan_action"] not in plan_actions:
            problems.append(
                f"risk_actions.csv row {n}, column plan_action: not in plan_actions.csv"
            )
    for n, row in files.appetite:
        where = f"risks_appetite.csv row {n}"
        if row["directorate"] and row["directorate"] not in directorates:
            problems.append(f"{where}, column directorate: unknown '{row['directorate']}'")
        problems += _illustrative(where, row)
    reviewed: set[tuple[str, str, str]] = set()
    for n, row in files.reviews:
        where = f"risk_reviews.csv row {n}"
        if row["risk"] not in references:
            problems.append(f"{where}, column risk: not in risks.csv")
        if not row["year"].isdigit() or row["quarter"] not in ("1", "2", "3", "4"):
            problems.append(f"{where}, columns year and quarter: e.g. 2019 and 1 to 4")
        key = (row["risk"], row["year"], row["quarter"])
        if key in reviewed:
            problems.append(f"{where}: a second review of {row['risk']} in that quarter")
        reviewed.add(key)
        problems += _score_problems(where, row, "likelihood", "impact", matrix)
        problems += _illustrative(where, row)
        try:
            _date(row["reviewed_on"])
        except ValueError:
            problems.append(f"{where}, column reviewed_on: a date such as 2019-09-19")
    return problems


def _illustrative(where: str, row: dict[str, str]) -> list[str]:
    if row.get("illustrative") != "yes":
        return [f"{where}, column illustrative: the register is illustrative: 'yes'"]
    return []


def _score_problems(
    where: str, row: dict[str, str], likelihood: str, impact: str, matrix: Matrix
) -> list[str]:
    if not (row[likelihood].isdigit() and row[impact].isdigit()):
        return [f"{where}, columns {likelihood} and {impact}: whole numbers"]
    refusal = matrix.refusal(Score(int(row[likelihood]), int(row[impact])))
    return [f"{where}, columns {likelihood} and {impact}: {refusal}"] if refusal else []


def _area(directorate: str, name: str, loaded: Loaded) -> ServiceArea:
    found: ServiceArea = upsert(
        ServiceArea,
        loaded,
        {"directorate": Directorate.objects.get(name=directorate), "name": name},
        {},
    )
    return found


def save_risks(
    files: RiskFiles,
    loaded: Loaded,
    organisations: dict[str, Organisation],
    plan_actions: dict[str, Action],
    matrix: Matrix,
) -> list[str]:
    """Save the register (inside the loader's transaction); returns the problems
    the register's forms found (the caller refuses everything then)."""
    problems: list[str] = []
    risks: dict[str, Risk] = {}
    for n, row in files.risks:
        area = _area(row["directorate"], row["service_area"], loaded)
        partners = [organisations[code] for code in partner_codes(row["partners"])]
        values: dict[str, Any] = {
            name: row[name]
            for name in ("title", "cause", "event", "consequence", "category", "owner")
        }
        values |= {
            f"{w}_{p}": int(row[f"{w}_{p}"]) for w in SCORES for p in ("likelihood", "impact")
        }
        values |= {
            "organisation": organisations[row["organisation"]],
            "service_area": area,
            "all_partners": row["partners"] == ALL,
            "review_date": _date(row["review_date"]),
            "status": row["status"],
            "escalation": row["escalation"],
        }
        form = RiskForm(
            {
                **{k: v.pk if hasattr(v, "pk") else v for k, v in values.items()},
                "reference": row["reference"],
                "partners": [o.pk for o in partners],
                "review_date": row["review_date"],
            },
            instance=Risk.objects.filter(reference=row["reference"]).first(),
            matrix=matrix,
        )
        if not form.is_valid():
            problems += form_problems(f"risks.csv row {n}", form.errors)
            continue
        before = loaded.created
        risk = upsert(
            Risk, loaded, {"reference": row["reference"]}, {**values, "source": row["source"][:300]}
        )
        fresh = loaded.created > before
        set_many(risk, "partners", partners, loaded, fresh=fresh)
        risks[row["reference"]] = risk
    if problems:
        return problems
    for n, row in files.controls:
        fields = {k: row[k] for k in ("description", "owner", "effectiveness")}
        if _valid(ControlForm(fields), f"risk_controls.csv row {n}", problems):
            upsert(
                Control,
                loaded,
                {"risk": risks[row["risk"]], "description": row["description"]},
                {"owner": row["owner"], "effectiveness": row["effectiveness"]},
            )
    for n, row in files.actions:
        plan_action = plan_actions.get(row["plan_action"])
        fields = {
            "description": row["description"],
            "owner": row["owner"],
            "due": row["due"],
            "plan_action": plan_action.pk if plan_action else "",
        }
        if _valid(RiskActionForm(fields), f"risk_actions.csv row {n}", problems):
            upsert(
                RiskAction,
                loaded,
                {
                    "risk": risks[row["risk"]],
                    "description": row["description"],
                    "plan_action": plan_action,
                },
                {"owner": row["owner"], "due": _date(row["due"]), "done": False},
            )
    for n, row in files.appetite:
        appetite_area: ServiceArea | None = (
            _area(row["directorate"], row["service_area"], loaded) if row["directorate"] else None
        )
        fields = {
            "category": row["category"],
            "service_area": appetite_area.pk if appetite_area else "",
            "level": row["level"],
        }
        kept = Appetite.objects.filter(category=row["category"], service_area=appetite_area).first()
        form = AppetiteForm(fields, instance=kept, matrix=matrix)
        if _valid(form, f"risks_appetite.csv row {n}", problems):
            upsert(
                Appetite,
                loaded,
                {"category": row["category"], "service_area": appetite_area},
                {"level": row["level"]},
            )
    problems += _save_reviews(files, loaded, risks, matrix)
    return problems


def _save_reviews(
    files: RiskFiles, loaded: Loaded, risks: dict[str, Risk], matrix: Matrix
) -> list[str]:
    """Each service area's review round per quarter, signed off, and its reviews."""
    problems: list[str] = []
    for n, row in files.reviews:
        risk = risks[row["risk"]]
        form = ReviewForm(
            {k: row[k] for k in ("likelihood", "impact", "comment")}, risk=risk, matrix=matrix
        )
        if not _valid(form, f"risk_reviews.csv row {n}", problems):
            continue
        entry = form.entry()
        review_round = upsert(
            ReviewRound,
            loaded,
            {
                "organisation": risk.organisation,
                "service_area": risk.service_area,
                "year": int(row["year"]),
                "quarter": int(row["quarter"]),
            },
            {"status": SubmissionStatus.APPROVED},
        )
        upsert(
            RiskReview,
            loaded,
            {"round": review_round, "risk": risk},
            {
                "likelihood": entry.likelihood,
                "impact": entry.impact,
                "comment": entry.comment,
                "reviewed_on": _date(row["reviewed_on"]),
                "source": row["source"][:300],
            },
        )
    return problems


def _valid(form: Any, where: str, problems: list[str]) -> bool:
    if form.is_valid():
        return True
    problems += form_problems(where, form.errors)
    return False

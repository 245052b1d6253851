"""Writes to the risk reviews: saving a round's reviews and submitting; each one
transaction on the submission lifecycle (`goldenthread.submissions.services`).
Signing off, sending back and reopening are the lifecycle's own."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain import lifecycle
from goldenthread.domain.lifecycle import Action as Move
from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.risks.models import ReviewRound, Risk, RiskReview
from goldenthread.submissions.services import submission_move

ReviewRefused = lifecycle.Refused


@dataclass(frozen=True)
class ReviewEntry:
    """A risk's review as entered."""

    risk: Risk
    likelihood: int
    impact: int
    comment: str


def round_open(
    organisation: Organisation, service_area: ServiceArea, quarter: Quarter
) -> ReviewRound:
    """The service area's review round for the quarter, made (a draft) if none."""
    found, _ = ReviewRound.objects.get_or_create(
        organisation=organisation,
        service_area=service_area,
        year=quarter.financial_year.start_year,
        quarter=quarter.number,
    )
    return found


def risks_of(review_round: ReviewRound) -> list[Risk]:
    """The open risks the round reviews."""
    return list(
        Risk.objects.filter(
            organisation=review_round.organisation,
            service_area=review_round.service_area,
            status=Risk.Status.OPEN,
        ).order_by("reference")
    )


def review_save(
    review_round: ReviewRound,
    entries: Sequence[ReviewEntry],
    *,
    expected_version: int,
    by: AbstractBaseUser,
    today: datetime.date | None = None,
) -> int:
    """Store the reviews (a changed one is dated today), claiming the next
    version. Returns how many changed."""
    today = today or datetime.date.today()
    changed = 0
    with transaction.atomic():
        submission_move(review_round, Move.SAVE, expected_version=expected_version, by=by)
        stored = {r.risk_id: r for r in review_round.reviews.select_for_update()}
        for entry in entries:
            row = stored.get(entry.risk.pk)
            now = (entry.likelihood, entry.impact, entry.comment)
            if row is not None and (row.likelihood, row.impact, row.comment) == now:
                continue
            row = row or RiskReview(round=review_round, risk=entry.risk)
            row.likelihood, row.impact, row.comment = now
            row.reviewed_on = today
            row._history_user = by  # type: ignore[attr-defined]
            row.save()
            changed += 1
    return changed


def missing_for_submit(review_round: ReviewRound) -> list[str]:
    reviewed = {r.risk_id: r for r in review_round.reviews.all()}
    problems = []
    for risk in risks_of(review_round):
        review = reviewed.get(risk.pk)
        if review is None:
            problems.append(f"{risk.reference}: review its scores")
        elif not review.comment:
            problems.append(f"{risk.reference}: say what changed, or why nothing did")
    return problems


def round_submit(review_round: ReviewRound, *, expected_version: int, by: AbstractBaseUser) -> None:
    """Submit for sign-off once every open risk is reviewed with a comment."""
    problems = missing_for_submit(review_round)
    if problems:
        raise ReviewRefused("Not submitted: " + "; ".join(problems) + ".")
    submission_move(review_round, Move.SUBMIT, expected_version=expected_version, by=by)

"""Writes to the register itself (the quarterly reviews are `risks.services`):
a risk, its controls and further actions, the matrix and the appetite. Each one
transaction, attributed to the person (django-simple-history, so the audit log
and the risk's change history have it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.risk_matrix import Matrix, Score
from goldenthread.risks.models import Appetite, Control, Risk, RiskAction, RiskReview, RiskSettings


class MatrixRefused(Exception):
    """The matrix would leave stored scores or appetites off it."""


def _by(row: Any, by: AbstractBaseUser) -> None:
    row._history_user = by


def risk_save(risk: Risk, partners: list[Any], *, by: AbstractBaseUser) -> Risk:
    """Save a risk (new or changed) with its partner councils (none if for all)."""
    with transaction.atomic():
        _by(risk, by)
        risk.save()
        risk.partners.set([] if risk.all_partners else partners)
    return risk


def control_save(control: Control, *, by: AbstractBaseUser) -> Control:
    with transaction.atomic():
        _by(control, by)
        control.save()
    return control


def control_delete(control: Control, *, by: AbstractBaseUser) -> None:
    with transaction.atomic():
        _by(control, by)
        control.delete()


def risk_action_save(action: RiskAction, *, by: AbstractBaseUser) -> RiskAction:
    with transaction.atomic():
        _by(action, by)
        action.save()
    return action


def risk_action_delete(action: RiskAction, *, by: AbstractBaseUser) -> None:
    with transaction.atomic():
        _by(action, by)
        action.delete()


def off_matrix(matrix: Matrix) -> list[str]:
    """What is stored that the matrix cannot hold: each risk with a score off it
    (its register scores or a review's), and each appetite naming a level it lacks."""
    problems = []
    for risk in Risk.objects.order_by("reference"):
        for which in ("inherent", "current", "target"):
            why = matrix.refusal(getattr(risk, which))
            if why:
                problems.append(f"{risk.reference}: its {which} score is off the matrix ({why})")
                break
    reviews = RiskReview.objects.select_related("risk", "round").order_by("risk__reference")
    for review in reviews:
        why = matrix.refusal(Score(review.likelihood, review.impact))
        if why:
            problems.append(f"{review.risk.reference}: its review in {review.round} is off ({why})")
    for appetite in Appetite.objects.select_related("service_area"):
        if matrix.level_named(appetite.level) is None:
            problems.append(f"Appetite {appetite}: {appetite.level!r} is not a level of the matrix")
    return problems


def matrix_save(matrix: Matrix, *, by: AbstractBaseUser) -> None:
    """Store the team's matrix; `MatrixRefused` (naming the risks) if a stored
    score or appetite would be off it."""
    with transaction.atomic():
        settings, _ = RiskSettings.objects.select_for_update().get_or_create(id=1)
        problems = off_matrix(matrix)
        if problems:
            raise MatrixRefused(
                "Not saved: " + "; ".join(problems[:20]) + (" ..." if len(problems) > 20 else "")
            )
        settings.matrix = matrix.to_data()
        _by(settings, by)
        settings.save()


def appetite_save(appetite: Appetite, *, by: AbstractBaseUser) -> Appetite:
    with transaction.atomic():
        _by(appetite, by)
        appetite.save()
    return appetite


def appetite_delete(appetite: Appetite, *, by: AbstractBaseUser) -> None:
    with transaction.atomic():
        _by(appetite, by)
        appetite.delete()

"""The plan's settings page: its judgement scales as rows (code, label, colour,
meaning, stand), each scale checked whole by `Scale.build`, and the second
judgement (confidence in the outcome) turned on or off. A change that would
leave stored updates with a code no longer in its scale is refused, naming the
codes in use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.judgements import (
    CODE_LENGTH,
    CONFIDENCE,
    LABEL_LENGTH,
    MEANING_LENGTH,
    MOST_JUDGEMENTS,
    JudgementError,
    Scale,
    Stand,
)
from goldenthread.domain.schemes import COLOURS
from goldenthread.pages.forms import GovukErrorMessages
from goldenthread.plan.models import ActionUpdate, PlanSettings
from goldenthread.plan.selectors import confidence_scale, plan_settings, progress_scale

ROW_FIELDS = ("code", "label", "colour", "meaning", "stand")
BLANK_ROWS = 2
SCALES = {"progress": "Progress", "confidence": "Confidence in the outcome"}


def codes_in_use(field: str) -> list[str]:
    """The codes stored in action updates' `field` ("status" or "confidence")."""
    stored = ActionUpdate.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct()
    return sorted(set(stored), key=str.casefold)


class ScalesForm(GovukErrorMessages, forms.Form):
    """Each scale's rows (all blank: a row not used) and the second judgement's switch."""

    confidence_on = forms.BooleanField(
        required=False,
        label="Ask for a second judgement: confidence that the outcome will be achieved",
    )

    def __init__(self, *args: Any, current: dict[str, Scale], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: dict[str, list[dict[str, forms.BoundField]]] = {}
        for scale, shown in current.items():
            count = min(len(shown.judgements) + BLANK_ROWS, MOST_JUDGEMENTS)
            for number in range(count):
                judgement = shown.judgements[number] if number < len(shown.judgements) else None
                row = judgement.as_row() if judgement else {}
                for name in ROW_FIELDS:
                    key = f"{scale}-{number}-{name}"
                    self.fields[key] = _field(name, number)
                    self.initial.setdefault(key, row.get(name, ""))
            self.rows[scale] = [
                {name: self[f"{scale}-{n}-{name}"] for name in ROW_FIELDS} for n in range(count)
            ]
        self.scales: dict[str, Scale] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for scale, title in SCALES.items():
            rows = [
                {name: data.get(f"{scale}-{n}-{name}", "") or "" for name in ROW_FIELDS}
                for n in range(len(self.rows.get(scale, [])))
            ]
            used = [row for row in rows if any(str(v).strip() for v in row.values())]
            try:
                self.scales[scale] = Scale.build(scale, used)
            except JudgementError as error:
                self.add_error(None, f"{title} scale: {error}")
        return data


def _field(name: str, number: int) -> forms.Field:
    label = f"{name.capitalize()}, row {number + 1}"
    if name == "colour":
        return forms.ChoiceField(
            label=label, required=False, choices=[("", "")] + [(c, c) for c in COLOURS]
        )
    if name == "stand":
        return forms.ChoiceField(
            label=label, required=False, choices=[("", "")] + [(s.value, s.label) for s in Stand]
        )
    length = {"code": CODE_LENGTH, "label": LABEL_LENGTH, "meaning": MEANING_LENGTH}[name]
    return forms.CharField(label=label, required=False, max_length=length)


def current_scales() -> dict[str, Scale]:
    settings = plan_settings()
    second = confidence_scale(settings)
    if second is None:
        rows = settings.confidence_scale
        second = Scale.build("confidence", rows) if rows else CONFIDENCE
    return {"progress": progress_scale(settings), "confidence": second}


class ScalesRefused(Exception):
    """A change that would strand stored updates, with the reason to show."""


def scales_save(
    *, progress: Scale, confidence: Scale, confidence_on: bool, by: AbstractBaseUser
) -> PlanSettings:
    """Store the scales; `ScalesRefused` if a code stored in an update is no longer
    in its scale (the confidence codes only matter while it is turned on)."""
    with transaction.atomic():
        checks = [("status", progress, "progress")]
        if confidence_on:
            checks.append(("confidence", confidence, "confidence"))
        for field, scale, name in checks:
            missing = [c for c in codes_in_use(field) if scale.find(c) is None]
            if missing:
                raise ScalesRefused(
                    f"Action updates are stored with the {name} codes "
                    f"{', '.join(missing)}: keep them in the {name} scale, or change "
                    "those updates first."
                )
        settings = PlanSettings.objects.select_for_update().filter(id=1).first()
        settings = settings or PlanSettings(id=1)
        settings.progress_scale = progress.to_rows()
        settings.confidence_scale = confidence.to_rows()
        settings.confidence_on = confidence_on
        settings._history_user = by  # type: ignore[attr-defined]
        settings.save()
    return settings

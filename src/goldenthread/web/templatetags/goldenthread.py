"""How figures, statuses and directions are shown: text first, colour only
repeating it (never colour alone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from goldenthread.domain.direction import Direction, Movement, Travel
from goldenthread.domain.rating import Assessment, Status
from goldenthread.domain.targets import Target
from goldenthread.domain.values import (
    Unit,
    Value,
    ValueKind,
    format_amount,
    format_difference,
    unrounded,
)
from goldenthread.indicators.models import UnitChoice
from goldenthread.pages.colours import tag_class

register = template.Library()
register.filter("tag_class", tag_class)  # a colour's GOV.UK tag class

_NAMED = mark_safe('<span class="govuk-visually-hidden">Status: </span>')  # fixed text
_ARROW = {Movement.UP: "↑", Movement.DOWN: "↓", Movement.SAME: "→"}


@register.filter
def figure(value: Value | None, unit: str = "") -> str:
    """A value as the papers show it, in the indicator's unit."""
    if value is None:
        return ""
    if value.amount is None:
        return "n/a" if value.kind is ValueKind.NOT_APPLICABLE else "Not yet available"
    shown_unit = value.unit or (Unit(unit) if unit else None)
    return format_amount(value.amount, shown_unit, value.decimals)


@register.simple_tag
def rated_figure(value: Value | None, unit: str = "") -> str:
    """A figure at the places it was rated at and, where rounding changed it, the
    figure before rounding with a note: '11 days (11.17 days unrounded: rated as
    shown)'. The papers rate a figure as shown; this says so."""
    shown = figure(value, unit)
    before = unrounded(value) if value is not None else None
    if before is None or value is None:
        return shown
    shown_unit = value.unit or (Unit(unit) if unit else None)
    return format_html(
        '{} <span class="gt-figure__unrounded">({} unrounded: rated as shown)</span>',
        shown,
        format_amount(before, shown_unit),
    )


@register.filter
def difference(gap: Decimal | None, indicator: Any) -> str:
    """A difference from target in the indicator's unit and places ('-1.46pp')."""
    if gap is None:
        return ""
    unit = Unit(indicator.unit) if indicator.unit else None
    return format_difference(gap, unit, indicator.decimals)


@register.filter
def unit_name(unit: str) -> str:
    """A known unit by its name ('Percentage'), any other as the council wrote it
    ('tonnes')."""
    return str(dict(UnitChoice.choices).get(unit, unit))


@register.filter
def target_text(target: Target) -> str:
    return str(target)


@register.simple_tag
def status_tag(assessment: Assessment | Status | None, named: bool = False) -> str:
    """A status as its scheme's label ('On target', 'Monitor only') in a tag of
    its colour. `named`: where the tag stands beside a figure rather than in a
    Status column, a screen reader hears 'Status: On target'."""
    if assessment is None:
        return format_html('<span class="gt-status">Not yet due</span>')
    status = assessment if isinstance(assessment, Status) else assessment.status
    return format_html(
        '<strong class="govuk-tag {} gt-status">{}{}</strong>',
        _tag_colour(status),
        _NAMED if named else "",
        status.label,
    )


def _tag_colour(status: Status) -> str:
    if status is Status.INCOMPLETE:
        return "govuk-tag--yellow"
    return tag_class(status.colour)


@register.simple_tag
def direction(travel: Travel) -> str:
    if travel.direction is None:
        return ""
    arrow = _ARROW.get(travel.movement, "") if travel.movement else ""
    label = travel.label
    css = {
        Direction.IMPROVING: "gt-direction--improving",
        Direction.DECLINING: "gt-direction--declining",
    }.get(travel.direction, "")
    return format_html(
        '<span class="gt-direction {}"><span class="gt-direction__arrow" aria-hidden="true">{}'
        "</span>{}</span>",
        css,
        arrow,
        label,
    )


@register.filter
def shown_value(field: BoundField) -> str:
    """A field's value as its input shows it (dates as the widget formats them)."""
    value = field.value()
    if value is None:
        return ""
    return str(field.field.widget.format_value(value) or "")

"""How a risk's level and trend are shown: in words first, the colour and the
arrow only repeating them (the arrow hidden from screen readers)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from goldenthread.domain.risk_matrix import Level, Matrix, Score, Trend
from goldenthread.pages.colours import TAG_CLASSES, tag_class

register = template.Library()

_NAMED = mark_safe('<span class="govuk-visually-hidden">Level: </span>')  # fixed text
ARROW = {Trend.UP: "↑", Trend.DOWN: "↓", Trend.SAME: "→", Trend.NEW: ""}


@register.simple_tag
def level_tag(level: Level, named: bool = False) -> str:
    """The level's name in a tag of its colour ('Level: High' to a screen reader
    where `named`)."""
    return format_html(
        '<strong class="govuk-tag {} gt-status">{}{}</strong>',
        tag_class(level.colour),
        _NAMED if named else "",
        level.name,
    )


@register.simple_tag
def trend_words(trend: Trend) -> str:
    """The trend in words, after an arrow hidden from screen readers."""
    arrow = ARROW.get(trend, "")
    return format_html(
        '<span class="gt-direction"><span class="gt-direction__arrow" aria-hidden="true">{}'
        "</span>{}</span>",
        arrow,
        trend.label,
    )


@register.filter
def heat_class(level: Level) -> str:
    """The heat map cell's class: its level's colour as a light background."""
    return f"gt-heat--{level.colour}" if level.colour in TAG_CLASSES else "gt-heat--grey"


@register.filter
def describe(matrix: Matrix, score: Score) -> str:
    """The score in words on the matrix ("Likely (4) x Major (4) = 16, High")."""
    if matrix.refusal(score):
        return f"{score} (off the matrix)"
    return matrix.describe(score)


@register.filter
def likelihood_word(matrix: Matrix, number: int) -> str:
    """'4 Likely'."""
    return f"{number} {matrix.likelihoods[number - 1]}"


@register.filter
def impact_word(matrix: Matrix, number: int) -> str:
    """'5 Severe'."""
    return f"{number} {matrix.impacts[number - 1]}"

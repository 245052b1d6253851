"""A status's, judgement's or risk level's colour as a GOV.UK tag class: the
colour repeats the words, never replaces them (`domain.schemes.COLOURS`)."""

from __future__ import annotations

TAG_CLASSES = {
    "green": "govuk-tag--green",
    "amber": "govuk-tag--orange",
    "red": "govuk-tag--red",
    "blue": "govuk-tag--blue",
    "purple": "govuk-tag--purple",
    "grey": "govuk-tag--grey",
}


def tag_class(colour: str) -> str:
    return TAG_CLASSES.get(colour, "govuk-tag--grey")

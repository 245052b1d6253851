"""What the return page says on a figure field that cannot be taken, as the
person types (the htmx preview) and after a refused save: one message per
field, in the GOV.UK style, also used for the field's line in the error summary.

Text that is not a figure at all ("lots") gets one plain instruction; a figure
that can be read but not taken (in the wrong unit, too many digits, a ratio
without its parts) gets the form's own reason (`returns.forms.ReturnForm`)."""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.domain.values import ValueParseError, parse_value
from goldenthread.returns.forms import ReturnForm

NOT_A_NUMBER = "Enter a number, like 12 or 12.5, or n/a"
NOT_A_FORECAST = "Enter the forecast as a number, like 12 or 12.5, or leave it blank"


@dataclass(frozen=True)
class FigureMark:
    """A figure field and what it says: `message` is empty when it is fine."""

    name: str
    message: str

    @property
    def id(self) -> str:
        return f"id_{self.name}"


def figure_fields(form: ReturnForm) -> list[str]:
    """The names of every figure field of the form (with ratios' numerators and
    denominators), in the page's order."""
    return [
        *(
            name
            for indicator in form.indicators
            for slot in form.slots[indicator.id]
            for name in ReturnForm.slot_fields(slot)
        ),
        *form.forecast_fields(),
    ]


def _readable(text: str) -> bool:
    try:
        parse_value(text)
    except ValueParseError:
        return False
    return True


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def figure_marks(form: ReturnForm) -> dict[str, str]:
    """The message on each figure field the form refused, by field name (checked
    forms only; a field that is fine is not named)."""
    if not form.is_bound:
        return {}
    errors = form.errors
    marks = {}
    for indicator in form.indicators:
        for slot in form.slots[indicator.id]:
            label = f"{form.fields[slot.key].label}: "
            for name in ReturnForm.slot_fields(slot):
                if name not in errors:
                    continue
                if name == slot.key and not _readable(form.posted(name)):
                    marks[name] = NOT_A_NUMBER
                else:
                    marks[name] = _sentence(errors[name][0].removeprefix(label))
    for name in form.forecast_fields():  # a year-end forecast: a figure, or blank
        if name in errors:
            label = f"{form.fields[name].label}: "
            readable = _readable(form.posted(name))
            marks[name] = (
                _sentence(errors[name][0].removeprefix(label)) if readable else (NOT_A_FORECAST)
            )
    return marks


def every_mark(form: ReturnForm) -> list[FigureMark]:
    """Every figure field with its message, empty where it is fine (the typing
    preview sends them all, so that a corrected field loses its mark)."""
    marks = figure_marks(form)
    return [FigureMark(name, marks.get(name, "")) for name in figure_fields(form)]


def summary_errors(form: ReturnForm) -> list[tuple[str, str]]:
    """(field id, message) pairs for the error summary: a figure field's line says
    what its field says, after the field's label."""
    marks = figure_marks(form)
    lines = []
    for field_id, message in form.errors_for_summary():
        name = field_id.removeprefix("id_")
        if name in marks:
            label = form.fields[name].label if name in form.fields else ""
            if name.endswith(("-num", "-den")):
                label = form.fields[name.rsplit("-", 1)[0]].label
            mark = marks[name]
            message = f"{label}: {mark[:1].lower()}{mark[1:]}"
        lines.append((field_id, message))
    return lines

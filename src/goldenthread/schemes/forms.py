"""The scheme form: its name and key, and its statuses as rows (a formset with
blank rows to add more). Each row is read as `Scheme.build` reads it, and the
whole scheme is checked by it; its `SchemeError` is shown on the field it names."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory

from goldenthread.domain.schemes import (
    COLOURS,
    LABEL_LENGTH,
    MEANING_LENGTH,
    NAME_LENGTH,
    Scheme,
    SchemeError,
)
from goldenthread.pages.forms import GovukErrorMessages
from goldenthread.schemes.services import KEY_LENGTH, KEY_PATTERN, key_for, key_problem

MAX_STATUSES = 12
BLANK_ROWS = 3
ROW_FIELDS = ("label", "within", "exceeds", "colour", "meaning")


class SchemeForm(GovukErrorMessages, forms.Form):
    name = forms.CharField(
        label="Name", max_length=NAME_LENGTH, help_text="For example, Green within 5%"
    )
    key = forms.CharField(
        label="Key",
        max_length=KEY_LENGTH,
        required=False,
        help_text="How the register names it: letters, digits and dashes. "
        "Blank: made from the name.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, editing: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing  # the key of the scheme being edited ("" for a new one)
        if editing:
            del self.fields["key"]  # the register names it by its key: it stays

    def clean_key(self) -> str:
        key = str(self.cleaned_data.get("key") or "").strip().lower()
        if key and not KEY_PATTERN.fullmatch(key):
            raise forms.ValidationError("The key must be letters, digits and dashes, like my-rag")
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.editing or "name" not in data:
            return data
        key = data.get("key") or key_for(str(data["name"]))
        problem = key_problem(key)
        if problem:
            self.add_error("key" if data.get("key") else "name", problem)
        data["key"] = key
        return data


class StatusRowForm(GovukErrorMessages, forms.Form):
    """One status: all blank is a row not used."""

    label = forms.CharField(label="Label", max_length=LABEL_LENGTH, required=False)
    within = forms.CharField(
        label="Within",
        max_length=20,
        required=False,
        help_text="How far it reaches from the target: 5%, 2pp, or 0 for met only. "
        "Blank on the last status.",
    )
    exceeds = forms.CharField(
        label="Exceeds",
        max_length=20,
        required=False,
        help_text="Only for a status above the target met: beaten by at least 10%",
    )
    colour = forms.ChoiceField(
        label="Colour",
        required=False,
        choices=[("", "As its place: green, amber, red")] + [(c, c.capitalize()) for c in COLOURS],
    )
    meaning = forms.CharField(
        label="Meaning", max_length=MEANING_LENGTH, required=False, help_text="For the key"
    )

    def row(self) -> dict[str, str] | None:
        """The status as `Scheme.build` reads it; None for a blank row."""
        values = {name: str(self.cleaned_data.get(name) or "").strip() for name in ROW_FIELDS}
        return values if any(values.values()) else None


class StatusRows(BaseFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        "too_many_forms": f"Give at most {MAX_STATUSES} statuses",
        "too_few_forms": "Give at least two statuses",
        "missing_management_form": "The form was not sent whole: open the page again",
    }

    def used(self) -> list[tuple[int, dict[str, str]]]:
        """(form index, row) of each row that is not blank, in order."""
        used = []
        for index, form in enumerate(self.forms):
            row = form.row() if form.is_valid() else None
            if row is not None:
                used.append((index, row))
        return used


StatusFormSet = formset_factory(
    StatusRowForm,
    formset=StatusRows,
    extra=BLANK_ROWS,
    max_num=MAX_STATUSES,
    validate_max=True,
    absolute_max=MAX_STATUSES + BLANK_ROWS,
)


def status_rows(
    data: Any = None, *, scheme: Scheme | None = None, prefix: str = "status"
) -> StatusRows:
    """The statuses' formset: posted `data`, or the rows of `scheme` and blank rows."""
    initial = list(scheme.to_rows()) if scheme is not None else []
    formset: StatusRows = StatusFormSet(
        data, initial=None if data is not None else initial, prefix=prefix
    )
    for row in formset.forms[1:]:  # the hints once, on the first status
        for field in row.fields.values():
            field.help_text = ""
    return formset


_STATUS_NUMBER = re.compile(r"status (\d+)")
_STATUS_LABEL = re.compile(r"status '(.*?)': ")
_STATUS_SAID = re.compile(r"^status (?:\d+(?: \('.*?'\))?|'.*?'): ")


def check_scheme(form: SchemeForm, rows: StatusRows) -> Scheme | None:
    """The scheme the two forms give, checked by `Scheme.build`; None, with the
    error on the field the message names (else on the whole form), if refused."""
    if not (form.is_valid() and rows.is_valid()):
        return None
    used = rows.used()
    key = form.editing or str(form.cleaned_data["key"])
    try:
        return Scheme.build(form.cleaned_data["name"], [row for _, row in used], key)
    except SchemeError as error:
        message = str(error)
        place = error_place(message, [row["label"] for _, row in used])
        if place is None:
            form.add_error(None, _sentence(message))
        else:  # the page says which status: its own number, blank rows counted
            said = _STATUS_SAID.sub("", message, count=1)
            rows.forms[used[place[0]][0]].add_error(place[1], _sentence(said))
        return None


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def error_place(message: str, labels: list[str]) -> tuple[int, str] | None:
    """The status (its place among `labels`, from 0) and the field a scheme's
    error names ('status 3 (...): within ...'); None if it names no status."""
    index: int | None = None
    number = _STATUS_NUMBER.search(message)
    named = _STATUS_LABEL.search(message)
    if number and 1 <= int(number[1]) <= len(labels):
        index = int(number[1]) - 1
    elif named:
        index = next((i for i, label in enumerate(labels) if label == named[1]), None)
    if index is None:
        return None
    after = message[number.end() if number else named.end() if named else 0 :]
    words = re.findall(r"\b(within|exceeds|colour|meaning|label)\b", after)
    return index, words[0] if words else "label"

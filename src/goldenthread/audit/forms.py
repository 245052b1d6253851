"""The audit page's filters (a GET form: each filtered page has its own address)."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.audit import selectors
from goldenthread.organisations.models import Organisation
from goldenthread.pages.forms import GovukErrorMessages


class EventFilterForm(GovukErrorMessages, forms.Form):
    council = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="Every council",
    )
    object_type = forms.ChoiceField(label="Kind of object", required=False)
    actor = forms.CharField(label="Person (username)", required=False, max_length=150)
    since = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    until = forms.DateField(label="To (YYYY-MM-DD)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = selectors.object_types()
        self.fields["object_type"].choices = [("", "Every kind"), *((t, t) for t in types)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The 'from' date is after the 'to' date.")
        return data

    def chosen(self) -> selectors.EventFilter:
        data = self.cleaned_data
        council = data.get("council")
        return selectors.EventFilter(
            organisation_id=council.pk if council else None,
            object_type=data.get("object_type") or "",
            actor=(data.get("actor") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
        )

"""The rules an action and an action's quarterly update must pass: one form
each, used by the pages and the spreadsheet imports alike."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.domain.judgements import Scale
from goldenthread.pages.forms import ChangedMeanwhile, GovukErrorMessages, short_reference
from goldenthread.plan.models import TEXT_LENGTH, Action, Milestone
from goldenthread.plan.services import ActionEntry


class ActionForm(GovukErrorMessages, ChangedMeanwhile, forms.ModelForm):
    """An action of the plan. `partners` empty with `all_partners` off is refused:
    an action is for at least one council."""

    noun = "action"

    class Meta:
        model = Action
        fields = [
            "reference",
            "service",
            "priority",
            "all_partners",
            "partners",
            "delivery",
            "outcome",
            "target",
            "owner",
            "indicators",
            "closed",
        ]
        labels = {
            "all_partners": "For all partner councils (ALL)",
            "target": "Target date",
        }
        help_texts = {
            "reference": "As the plan numbers it, e.g. IP01",
            "target": (
                "As the plan writes it: a date, several dated milestones, or words such as "
                '"to be agreed with partner boroughs". Dates in it are read for the flags.'
            ),
        }
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "indicators": forms.SelectMultiple(attrs={"size": 8}),
        }

    def clean_reference(self) -> str:
        return short_reference(str(self.cleaned_data["reference"]), "plan:action", "IP01")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("all_partners") and not data.get("partners") and "partners" in self.fields:
            self.add_error(
                "partners", "Choose the councils the action is for, or tick all partners"
            )
        if data.get("all_partners"):
            data["partners"] = []
        return data


class MilestoneForm(GovukErrorMessages, forms.ModelForm):
    """A dated step of an action, and the day it was done."""

    class Meta:
        model = Milestone
        fields = ["title", "due", "done"]
        labels = {"title": "Milestone", "due": "Due on", "done": "Done on"}
        help_texts = {"due": "For example, 30/9/2019", "done": "Leave blank until it is done"}


class ActionUpdateForm(GovukErrorMessages, forms.Form):
    """One action's update for a quarter, read against the plan's scales. Its
    fields are prefixed with the action's reference on the update page."""

    status = forms.ChoiceField(required=False, label="Status")
    confidence = forms.ChoiceField(required=False, label="Confidence in the outcome")
    percent_complete = forms.IntegerField(
        required=False, min_value=0, max_value=100, label="% complete"
    )
    progress = forms.CharField(
        required=False, max_length=TEXT_LENGTH, widget=forms.Textarea, label="Progress comments"
    )
    next_steps = forms.CharField(
        required=False, max_length=TEXT_LENGTH, widget=forms.Textarea, label="Next steps"
    )

    def __init__(
        self, *args: Any, action: Action, scale: Scale, second: Scale | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.action, self.scale, self.second = action, scale, second
        self.fields["status"].choices = [("", "Not yet judged")] + [
            (j.code, f"{j.label}: {j.meaning}" if j.meaning else j.label) for j in scale.judgements
        ]
        if second is None:
            del self.fields["confidence"]
        else:
            self.fields["confidence"].choices = [("", "Not yet judged")] + [
                (j.code, j.label) for j in second.judgements
            ]

    def entry(self) -> ActionEntry:
        """The update as entered (call once the form is valid)."""
        data = self.cleaned_data
        return ActionEntry(
            action=self.action,
            status=data.get("status") or "",
            confidence=data.get("confidence") or "",
            percent_complete=data.get("percent_complete"),
            progress=(data.get("progress") or "").strip(),
            next_steps=(data.get("next_steps") or "").strip(),
        )


class ExplanationsForm(GovukErrorMessages, forms.Form):
    """The lead's line per judgement for the summary table."""

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for judgement in scale.judgements:
            self.fields[f"explain-{judgement.code}"] = forms.CharField(
                required=False,
                max_length=1000,
                label=f"{judgement.label}: the summary's line",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.scale = scale

    def explanations(self) -> dict[str, str]:
        return {
            j.code: text
            for j in self.scale.judgements
            if (text := (self.cleaned_data.get(f"explain-{j.code}") or "").strip())
        }

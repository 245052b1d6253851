"""The rules a risk, a control, a further action and a review must pass: one
form each, for the pages and the spreadsheet imports alike. Scores are checked
against the team's matrix."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.domain.risk_matrix import Matrix, Score
from goldenthread.pages.forms import ChangedMeanwhile, GovukErrorMessages, short_reference
from goldenthread.risks.models import TEXT_LENGTH, Appetite, Control, Risk, RiskAction
from goldenthread.risks.services import ReviewEntry

SCORES = ("inherent", "current", "target")


def score_choices(words: tuple[str, ...]) -> list[tuple[int, str]]:
    return [(n, f"{n} {word}") for n, word in enumerate(words, start=1)]


class RiskForm(GovukErrorMessages, ChangedMeanwhile, forms.ModelForm):
    """A risk on the register, its three scores on the team's matrix."""

    noun = "risk"

    class Meta:
        model = Risk
        fields = [
            "reference",
            "title",
            "cause",
            "event",
            "consequence",
            "category",
            "organisation",
            "service_area",
            "all_partners",
            "partners",
            "owner",
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "target_likelihood",
            "target_impact",
            "review_date",
            "status",
            "escalation",
        ]
        labels = {
            "all_partners": "For all partner councils (ALL)",
            "current_likelihood": "Current (residual) likelihood",
            "current_impact": "Current (residual) impact",
            "organisation": "Register",
        }
        widgets = {"partners": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, matrix: Matrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        for which in SCORES:
            for part, words in (("likelihood", matrix.likelihoods), ("impact", matrix.impacts)):
                name = f"{which}_{part}"
                if name in self.fields:
                    label = self.fields[name].label
                    self.fields[name] = forms.TypedChoiceField(
                        choices=score_choices(words), coerce=int, label=label
                    )

    def clean_reference(self) -> str:
        return short_reference(str(self.cleaned_data["reference"]), "risks:risk", "SR01")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("all_partners") and not data.get("partners") and "partners" in self.fields:
            self.add_error("partners", "Choose the councils the risk is for, or tick all partners")
        if data.get("all_partners"):
            data["partners"] = []
        scores = {}
        for which in SCORES:
            li, i = data.get(f"{which}_likelihood"), data.get(f"{which}_impact")
            if isinstance(li, int) and isinstance(i, int):
                scores[which] = Score(li, i)
        if (
            "target" in scores
            and "current" in scores
            and self.matrix.worse(scores["target"], scores["current"])
        ):
            self.add_error(
                "target_likelihood", "The target score cannot be worse than the current score"
            )
        return data


class ControlForm(GovukErrorMessages, forms.ModelForm):
    class Meta:
        model = Control
        fields = ["description", "owner", "effectiveness"]


class RiskActionForm(GovukErrorMessages, forms.ModelForm):
    class Meta:
        model = RiskAction
        fields = ["description", "owner", "due", "done", "plan_action"]
        labels = {"plan_action": "Improvement Plan action"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("description") and not data.get("plan_action"):
            self.add_error("description", "Describe the action, or choose a plan action")
        return data


class AppetiteForm(GovukErrorMessages, forms.ModelForm):
    class Meta:
        model = Appetite
        fields = ["category", "service_area", "level"]

    def __init__(self, *args: Any, matrix: Matrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"] = forms.ChoiceField(
            choices=[(v.name, v.name) for v in matrix.levels], label="Highest level accepted"
        )


class ReviewForm(GovukErrorMessages, forms.Form):
    """One risk's review in a round (fields prefixed with its reference)."""

    likelihood = forms.TypedChoiceField(coerce=int, label="Likelihood")
    impact = forms.TypedChoiceField(coerce=int, label="Impact")
    comment = forms.CharField(
        required=False, max_length=TEXT_LENGTH, widget=forms.Textarea, label="Comment"
    )

    def __init__(self, *args: Any, risk: Risk, matrix: Matrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.risk = risk
        self.fields["likelihood"].choices = score_choices(matrix.likelihoods)
        self.fields["impact"].choices = score_choices(matrix.impacts)

    def entry(self) -> ReviewEntry:
        data = self.cleaned_data
        return ReviewEntry(
            self.risk, data["likelihood"], data["impact"], (data.get("comment") or "").strip()
        )

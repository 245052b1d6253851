"""The performance team's reporting rules: who sees figures before sign-off,
what an exception report must give, and when returns are due."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from goldenthread.domain.exception_report import Part
from goldenthread.domain.periods import FinancialYear, PeriodError, Quarter, parse_period
from goldenthread.pages.forms import GovukErrorMessages
from goldenthread.reporting.models import ReportingRules
from goldenthread.schemes.selectors import schemes_by_key

MAX_DUE_DAYS = 365


def _needs(group: str, part: Part) -> str:
    return f"{group} needs the {part.label.lower()}"


class ReportingRulesForm(GovukErrorMessages, forms.ModelForm):
    class Meta:
        model = ReportingRules
        fields = [
            "provisional_to_readers",
            *(f"{group}_needs_{part.value}" for group in ("amber", "red") for part in Part),
            "due_days",
            "summary_scheme",
        ]
        labels = {
            "provisional_to_readers": "Show readers figures not yet signed off, marked provisional",
            **{
                f"{group}_needs_{part.value}": _needs(group.capitalize(), part)
                for group in ("amber", "red")
                for part in Part
            },
            "due_days": "Days after a quarter ends that its returns are due",
            "summary_scheme": "The summary's columns",
        }
        help_texts = {
            "provisional_to_readers": "Councillors and other readers otherwise see approved "
            "figures only.",
            "due_days": f"From 0 to {MAX_DUE_DAYS}. A quarter's own due date below comes first.",
            "summary_scheme": "The scheme whose statuses head the summary's columns. A figure "
            "rated by another scheme is counted in the column of the same standing "
            "(achieved as green, failed as red).",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(k, s.name) for k, s in schemes_by_key().items() if not s.monitor_only]
        self.fields["summary_scheme"] = forms.ChoiceField(
            label=self.Meta.labels["summary_scheme"],
            help_text=self.Meta.help_texts["summary_scheme"],
            choices=choices,
            required=False,  # left out: as it is
        )

    def clean_summary_scheme(self) -> str:
        return str(self.cleaned_data.get("summary_scheme") or self.instance.summary_scheme)

    def clean_due_days(self) -> int:
        days = int(self.cleaned_data["due_days"])
        if days > MAX_DUE_DAYS:
            raise forms.ValidationError(f"Days must be {MAX_DUE_DAYS} or fewer")
        return days


class QuarterDeadlineForm(GovukErrorMessages, forms.Form):
    """A quarter's own due date; blank removes it (the days after the end apply)."""

    period = forms.CharField(label="Quarter", max_length=20, help_text="For example, 2019/20 Q1")
    due_on = forms.DateField(
        label="Due date",
        required=False,
        help_text="Leave blank to use the days after the quarter ends.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"],
    )

    def clean_period(self) -> Quarter:
        text = str(self.cleaned_data["period"])
        try:
            period = parse_period(text)
        except PeriodError:
            period = None
        if not isinstance(period, Quarter):
            raise forms.ValidationError("Enter a quarter, like 2019/20 Q1")
        if not 2000 <= period.financial_year.start_year <= 2100:
            raise forms.ValidationError("Enter a quarter from 2000/01 to 2100/01")
        return period

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        quarter, due = data.get("period"), data.get("due_on")
        if isinstance(quarter, Quarter) and isinstance(due, datetime.date):
            year: FinancialYear = quarter.financial_year
            if not year.start_year <= due.year <= year.start_year + 2:
                self.add_error("due_on", f"Enter a due date near {quarter.label}")
        return data

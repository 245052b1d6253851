"""The rules a line's forecast must pass: one form, used by the forecast page
and the forecast workbook's rows alike. Money is read as people type it
(`domain.money.read_money`: "£1,100,000", "(25,000)", "£1.1m"), exactly, into
Decimal; an explanation is plain text of at most the model's length."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from goldenthread.domain.money import MoneyError, pounds, read_money
from goldenthread.finance.models import EXPLANATION_LENGTH, BudgetLine
from goldenthread.finance.services import LineEntry
from goldenthread.pages.forms import GovukErrorMessages

# control characters other than tab and line breaks (a workbook's are refused
# by `imports.rows` before the form sees them)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MONEY_TEXT_LENGTH = 40  # the longest amount of money a person types ("-£1,000,000,000,000.00")


def read_amount(text: str) -> Decimal:
    """Typed money as a Decimal; `ValidationError` saying why it cannot be read."""
    try:
        return read_money(text)
    except MoneyError as error:
        raise forms.ValidationError(str(error)) from None


def typed(amount: Decimal) -> str:
    """An amount as a person would type it back (and `read_amount` reads it):
    "1,100,000", "(25,000.50)"."""
    return pounds(amount, places=0 if amount == amount.to_integral_value() else 2)


class ForecastLineForm(GovukErrorMessages, forms.Form):
    """A line's forecast outturn for the year and the explanation of its variance.
    A blank forecast is a line not entered yet; once saved, a forecast can be
    changed but not blanked. The explanation is required at submit, not here
    (`finance.services.missing_for_submit`)."""

    forecast = forms.CharField(
        required=False,
        max_length=MONEY_TEXT_LENGTH,
        label="Forecast",
        help_text="In pounds, as you would write it: 1,100,000 or £1.1m; (25,000) for a credit",
    )
    explanation = forms.CharField(
        required=False,
        max_length=EXPLANATION_LENGTH,
        strip=True,
        label="Explanation",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, line: BudgetLine, stored: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line, self.stored = line, stored

    def clean_forecast(self) -> Decimal | None:
        text = (self.cleaned_data.get("forecast") or "").strip()
        if not text:
            return None
        if CONTROL.search(text):
            raise forms.ValidationError("Remove the control character from the forecast")
        return read_amount(text)

    def clean_explanation(self) -> str:
        text = str(self.cleaned_data.get("explanation") or "")
        if CONTROL.search(text):
            raise forms.ValidationError("Remove the control character from the explanation")
        return text.replace("\r\n", "\n").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "forecast" in data and data["forecast"] is None:
            if self.stored:
                self.add_error(
                    "forecast", "Enter the forecast: a saved forecast can be changed, not removed"
                )
            elif data.get("explanation"):
                self.add_error("forecast", "Enter the forecast, or remove the explanation")
        return data

    def entry(self) -> LineEntry | None:
        """The line's forecast as entered, or None if it is left blank (call once
        the form is valid)."""
        forecast = self.cleaned_data.get("forecast")
        if forecast is None:
            return None
        return LineEntry(self.line, forecast, self.cleaned_data.get("explanation") or "")

"""The sign-off form of any submission: the version decided on, the action (one
of the table's decisions: approve, send back, reopen, withdraw) and the reason,
where the action needs one."""

from __future__ import annotations

from django import forms

from goldenthread.domain.lifecycle import DECISIONS
from goldenthread.pages.forms import GovukErrorMessages

SIGN_OFF = list(DECISIONS)
REASON_LABEL = (
    "Reason (needed to " + " or ".join(t.label.lower() for t in SIGN_OFF if t.reason_needed) + ")"
)


class DecisionForm(GovukErrorMessages, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(t.action.value, t.label) for t in SIGN_OFF])
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label=REASON_LABEL,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

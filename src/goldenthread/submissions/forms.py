"""The sign-off form of any submission: the version decided on, the action (one
of the table's signatory actions) and the reason, where the action needs one."""

from __future__ import annotations

from django import forms

from goldenthread.domain.lifecycle import TRANSITIONS, Party

SIGN_OFF = [t for t in TRANSITIONS if t.who == Party.SIGNATORY]
REASON_LABEL = (
    "Reason (needed to " + " or ".join(t.label.lower() for t in SIGN_OFF if t.reason_needed) + ")"
)


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(t.action.value, t.label) for t in SIGN_OFF])
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label=REASON_LABEL,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

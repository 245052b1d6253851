"""A risk's change history: every recorded change to its register entry, its
controls and its further actions, newest first, with who made it and what
changed in words (`audit.changes`)."""

from __future__ import annotations

from goldenthread.audit.changes import Change, changes_of
from goldenthread.risks.models import Control, Risk, RiskAction


def risk_changes(risk: Risk) -> list[Change]:
    return changes_of(
        [
            (risk.history.all(), "Register entry"),
            (Control.history.filter(risk_id=risk.pk), "Control"),
            (RiskAction.history.filter(risk_id=risk.pk), "Further action"),
        ],
        ignored={"risk"},
    )

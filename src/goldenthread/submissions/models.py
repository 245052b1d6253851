"""What every periodic submission stores about where it stands in its lifecycle
(`goldenthread.domain.lifecycle`): its state, the version that refuses a stale
save, the reason for its last move, and who moved it when.

A module's submission model inherits `Submission` and adds who it is for (an
`organisation` and a `service_area`), its period, and `history = HistoricalRecords()`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from goldenthread.domain.lifecycle import State


class SubmissionStatus(models.TextChoices):
    """The lifecycle's states as the database stores them (values and labels from
    the domain's `State`)."""

    DRAFT = State.DRAFT.value, State.DRAFT.label
    SUBMITTED = State.SUBMITTED.value, State.SUBMITTED.label
    SENT_BACK = State.SENT_BACK.value, State.SENT_BACK.label
    APPROVED = State.APPROVED.value, State.APPROVED.label


class Submission(models.Model):
    """A periodic submission's place in the lifecycle.

    `version` counts saves and moves: a change states the version it started from
    and is refused if someone else changed it in between (optimistic concurrency;
    `submissions.services.claim`).
    """

    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True, help_text="Why it was sent back or reopened")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        abstract = True

    @property
    def state(self) -> State:
        return State(self.status)

"""The audit log: one row per change (who, for which council, to what, what it
was and became, from which request or command, when). Rows are only ever
added: the database refuses to change or delete them (migration 0002), save
for events older than a purge recorded in the log itself (docs/decisions/0013)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from goldenthread.organisations.models import Organisation


class Action(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    SIGNED_IN = "signed-in", "Signed in"
    SIGNED_OUT = "signed-out", "Signed out"
    SIGN_IN_REFUSED = "sign-in-refused", "Sign-in refused"
    PURGED = "purged", "Purged"


class AuditEvent(models.Model):
    happened_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Neither link is a database constraint: an event outlives the person and the
    # council it names (and the database never updates an event to unlink it).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(
        max_length=150, blank=True, help_text="The username at the time; empty for the system"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The council the object belongs to, if it belongs to one",
    )
    object_type = models.CharField(max_length=100, help_text="app_label.model", db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_text = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    before = models.JSONField(default=dict, encoder=DjangoJSONEncoder, blank=True)
    after = models.JSONField(default=dict, encoder=DjangoJSONEncoder, blank=True)
    trail = models.CharField(
        max_length=100,
        blank=True,
        help_text="The request id, or command:<name>:<run id> outside a request",
    )
    purges_before = models.DateTimeField(
        null=True,
        blank=True,
        help_text="On a purge event only: events before this may be deleted",
    )

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "happened_at"]),
            # the append-only trigger looks up purge cutoffs for each row deleted
            models.Index(
                fields=["purges_before"],
                name="audit_purge_cutoffs",
                condition=models.Q(purges_before__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        who = self.actor_name or "system"
        return f"{self.happened_at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_type}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field named in either."""
        names = sorted(set(self.before) | set(self.after))
        return [(name, self.before.get(name), self.after.get(name)) for name in names]

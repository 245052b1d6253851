"""The performance team's own status schemes (the built-in ones, rag,
achieved/failed and monitor only, live in `goldenthread.domain.schemes` and are
not stored). A scheme is kept whole, as the statuses `Scheme.build` reads, and
checked by it on every save; indicators name a scheme by its key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.domain.schemes import NAME_LENGTH


class StatusScheme(models.Model):
    key = models.SlugField(max_length=40, unique=True, help_text="How the register names it")
    name = models.CharField(max_length=NAME_LENGTH)
    statuses = models.JSONField(help_text="Best first: label, within, exceeds, colour, meaning")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

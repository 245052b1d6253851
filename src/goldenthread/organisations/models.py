"""Who the figures belong to (partner councils, the shared service) and who
owns them (directorates and their service areas)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Partner council"
        SHARED_SERVICE = "shared-service", "Shared service"
        EXTERNAL = "external", "External customer"

    code = models.CharField(max_length=12, unique=True, help_text="Short code, e.g. LBH")
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCIL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Directorate(models.Model):
    name = models.CharField(max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="service_areas"
    )
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["directorate__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["directorate", "name"], name="service_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.directorate.name}: {self.name}" if self.name else self.directorate.name

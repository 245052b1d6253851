"""What each person may do: one role, and the councils, directorates and
service areas it covers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.organisations.models import Directorate, Organisation, ServiceArea


class Role(models.TextChoices):
    PERFORMANCE_TEAM = "performance-team", "Performance team"
    SERVICE_OFFICER = "service-officer", "Service officer"
    DIRECTOR = "director", "Director"
    READER = "reader", "Reader"


class Membership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    all_organisations = models.BooleanField(
        default=False, help_text="Covers every organisation (e.g. a shared-service director)."
    )
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="members")
    directorates = models.ManyToManyField(
        Directorate, blank=True, related_name="members", help_text="Directors: what they sign off."
    )
    service_areas = models.ManyToManyField(
        ServiceArea,
        blank=True,
        related_name="members",
        help_text="Service officers: the service areas they enter data for.",
    )
    history = HistoricalRecords(m2m_fields=[organisations, directorates, service_areas])

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

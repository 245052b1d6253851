"""Reads of the structure."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from goldenthread.organisations.models import Directorate, Organisation


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(indicator_count=Count("indicators"))


def directorates() -> QuerySet[Directorate]:
    return Directorate.objects.prefetch_related("service_areas")

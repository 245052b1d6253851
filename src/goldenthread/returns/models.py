"""Data returns: what a service submits for one council and quarter, the
figures in it, and the commentary on figures that are off target."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.domain.figures import FIGURE_PLACES
from goldenthread.domain.periods import FinancialYear
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.submissions.models import Submission, SubmissionStatus

# A return's states are the submission lifecycle's (goldenthread.domain.lifecycle).
ReturnStatus = SubmissionStatus


class Return(Submission):
    """One service area's return for one organisation and quarter; its state,
    version, reason and last change are the submission's (`Submission`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    quarter = models.PositiveSmallIntegerField(help_text="1 = Apr-Jun ... 4 = Jan-Mar")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter", "organisation", "service_area"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_area", "year", "quarter"], name="return_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="return_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        year = FinancialYear(self.year).label
        return f"{self.service_area.name} {self.organisation} {year} Q{self.quarter}"


class MeasurementKind(models.TextChoices):
    NUMBER = "number", "A figure"
    NOT_APPLICABLE = "n/a", "Not applicable"
    NOT_AVAILABLE = "", "Not yet available"


class Measurement(models.Model):
    """A figure for an indicator, organisation and span of months: a month
    (months=1), a quarter reported as a whole (3) or a year's outturn (12).
    `breakdown` is empty for the indicator's total."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    breakdown = models.CharField(max_length=100, blank=True)
    start = models.DateField(help_text="First day of the first month covered")
    months = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=MeasurementKind.choices, blank=True)
    amount = models.DecimalField(max_digits=24, decimal_places=FIGURE_PLACES, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(null=True, blank=True)
    numerator = models.DecimalField(
        max_digits=24, decimal_places=FIGURE_PLACES, null=True, blank=True
    )
    denominator = models.DecimalField(
        max_digits=24, decimal_places=FIGURE_PLACES, null=True, blank=True
    )
    illustrative = models.BooleanField(default=False, help_text="Not from a real source")
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "organisation", "breakdown", "start", "months"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "breakdown", "start", "months"],
                name="measurement_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(months__in=[1, 3, 12]), name="measurement_months_1_3_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.reference} {self.organisation} {self.start:%Y-%m} x{self.months}"


class Commentary(models.Model):
    """The exception report for an indicator off target in a quarter."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="commentary")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    reasons = models.TextField(blank=True)
    difference = models.TextField(blank=True, help_text="Difference between target and achievement")
    remedial_actions = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "commentary"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "year", "quarter"], name="commentary_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.reference} {self.organisation} {self.year} Q{self.quarter}"

    @property
    def is_empty(self) -> bool:
        return not (
            self.reasons.strip() or self.difference.strip() or self.remedial_actions.strip()
        )


class Forecast(models.Model):
    """The year-end forecast outturn a service gives beside a quarter's figure to
    date, for an indicator rated on its forecast (`Indicator.in_year`); blank
    (`amount` None) once a forecast given has been taken out. Stored with the
    figures' digits (`domain.figures`) and read in the indicator's unit."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="forecasts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    quarter = models.PositiveSmallIntegerField(help_text="The quarter it was given in")
    amount = models.DecimalField(max_digits=24, decimal_places=FIGURE_PLACES, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(null=True, blank=True)
    illustrative = models.BooleanField(default=False, help_text="Not from a real source")
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "organisation", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "year", "quarter"], name="forecast_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="forecast_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator.reference} {self.organisation} {self.year} Q{self.quarter} forecast"
        )

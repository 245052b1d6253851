"""The indicator register: indicators, their breakdowns, and their targets
per organisation and financial year. Rules for reading these (parsing targets,
rating) live in `goldenthread.domain`; writes go through `services`."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.organisations.models import Organisation, ServiceArea


class Tier(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    OPERATIONAL = "operational", "Operational"
    VOLUMETRIC = "volumetric", "Volumetric (measured without a target)"


class UnitChoice(models.TextChoices):
    PERCENT = "%", "Percentage"
    NUMBER = "number", "Number"
    MONEY = "£", "Money (£)"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    MONTHS = "months", "Months"
    HOURS = "hours", "Hours"
    RATING = "rating", "Rating on a scale"
    DURATION = "mm:ss", "Duration (mm:ss)"


class PolarityChoice(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NONE = "none", "No polarity"


class AggregationChoice(models.TextChoices):
    LATEST = "latest", "Latest month (snapshot figures)"
    CUMULATIVE = "cumulative", "Latest month, year to date (cumulative figures)"
    MEAN = "mean", "Mean of the months"
    SUM = "sum", "Sum of the months"
    RATIO = "ratio", "Summed numerators over summed denominators"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class InYearRating(models.TextChoices):
    TO_DATE = "to-date", "The figure to date against the target as written (or its profile)"
    PRO_RATA = "pro-rata", "The figure to date against the annual target pro rata"
    FORECAST = "forecast", "The year-end forecast against the annual target"


class ComparisonBasis(models.TextChoices):
    SAME_PERIOD_LAST_YEAR = "same-period-last-year", "Last year's outturn"
    PREVIOUS_PERIOD = "previous-period", "The previous quarter"


class IndicatorOrganisation(models.Model):
    """An indicator applies to a council: the link has its own effective-from and
    retired-on dates (`goldenthread.domain.in_force` says when it is in force).
    Removing a council from an indicator retires the link; the row stays."""

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    effective_from = models.DateField(null=True, blank=True)
    retired_on = models.DateField(null=True, blank=True)

    class Meta:
        # the table of the plain many-to-many link this replaced (its rows are kept)
        db_table = "indicators_indicator_organisations"
        unique_together = [("indicator", "organisation")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.organisation_id}"


class Indicator(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="indicators"
    )
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.OPERATIONAL)
    unit = models.CharField(
        max_length=40, help_text="A known unit (%, £, days, mm:ss, ...) or what is counted: tonnes"
    )
    decimals = models.PositiveSmallIntegerField(default=0, help_text="Decimal places shown")
    polarity = models.CharField(max_length=10, choices=PolarityChoice.choices)
    aggregation = models.CharField(max_length=10, choices=AggregationChoice.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    scheme = models.CharField(
        max_length=40, help_text="The status scheme's key: rag, achieved-failed, monitor-only, ..."
    )
    tolerance = models.CharField(
        max_length=30,
        blank=True,
        default="",
        help_text="Own tolerance (rag's amber): 5%, 2pp or 0; blank: the scheme's",
    )
    in_year = models.CharField(
        max_length=12,
        choices=InYearRating.choices,
        default=InYearRating.TO_DATE,
        help_text="How a figure during the year is rated against an annual target",
    )
    comparison = models.CharField(
        max_length=30,
        choices=ComparisonBasis.choices,
        default=ComparisonBasis.SAME_PERIOD_LAST_YEAR,
        help_text="What direction of travel compares with",
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="indicators", through=IndicatorOrganisation
    )
    owner = models.CharField(max_length=200, blank=True)
    effective_from = models.DateField(
        null=True,
        blank=True,
        help_text="The first day it applies (blank: since always)",
    )
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="Set to retire the indicator: the first day it no longer applies",
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where the entry came from")
    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Breakdown(models.Model):
    """A part an indicator is also reported by, e.g. job evaluations by HAY and GLPC."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="breakdowns")
    name = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "name"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "name"], name="breakdown_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """An indicator's target for one organisation and financial year, as written
    (`97.00%`, `<26 weeks`, a 12-month profile, `Reduction`, `TBC`, ...)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    text = models.CharField(max_length=500)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "organisation", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "year"], name="target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.reference} {self.organisation} {self.year}: {self.text}"

"""Budget monitoring for a shared service (seed 001's "oneSource Financial
Forecast at Period 5", seed 004's outturn report): budget lines, shared between
the partner councils or belonging to one of them (non-shared), each year's
budget, the forecast outturn per period (P1-P12: a submission, prepared by the
finance business partners and signed off by the Director of Finance), the cost
share of the shared lines (formula shares stored exactly, or specific
allocations), the reserve per partner, and the savings programme.

Money is Decimal to the penny (`domain.money`); a positive variance is an
overspend, a reserve's credit balance is negative (in brackets, as the papers).
"""

from __future__ import annotations

import calendar
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.domain.finance_measures import Measure, misfit
from goldenthread.domain.money import MONEY_DIGITS, MONEY_PLACES
from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.reserves import Stage
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.submissions.models import Submission

EXPLANATION_LENGTH = 2000  # a line's explanation of its variance


def money(**options: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **options)  # type: ignore[arg-type]


class Budget(models.Model):
    """A shared service's budget for a financial year: which service area prepares
    its forecasts (its officers, the finance business partners, enter them; its
    directorate's director, the Director of Finance, signs each period off)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    prepared_by = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="budget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {FinancialYear(self.year).label} budget"


class Allocation(models.TextChoices):
    """How a shared line is split between the partners."""

    FORMULA = "formula", "Formula share"
    FIXED = "fixed", "Specific allocation: fixed amounts"
    PARTNERS = "partners", "Specific allocation: chosen partners only"


class BudgetLine(models.Model):
    """A budget line of a service: shared between the partners (`council` blank)
    or non-shared (it belongs to `council` alone). Controllable lines only are
    monitored, as the papers do (seed 001 line 274)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="budget_lines"
    )
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    service = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="budget_lines")
    council = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="non_shared_lines",
        help_text="Blank if shared; else the council it belongs to",
    )
    allocation = models.CharField(
        max_length=10, choices=Allocation.choices, default=Allocation.FORMULA
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="+", help_text="For chosen partners only"
    )
    controllable = models.BooleanField(default=True)
    closed = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True, help_text="Where it comes from")
    history = HistoricalRecords(m2m_fields=[partners])

    class Meta:
        ordering = ["service__name", "council__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="budget_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def shared(self) -> bool:
        return self.council_id is None


class LineBudget(models.Model):
    """A line's annual budget for a year."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField()
    budget = money()
    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "year"]
        constraints = [models.UniqueConstraint(fields=["line", "year"], name="line_budget_unique")]


class FixedAllocation(models.Model):
    """A partner's fixed amount of a line with a specific allocation, for a year."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="fixed")
    year = models.PositiveSmallIntegerField()
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount = money()
    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "year", "partner"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year", "partner"], name="fixed_allocation_unique"
            )
        ]


class ShareBasis(models.Model):
    """The formula for splitting a service's shared lines in a year: what it is
    based on, and for an activity-driven basis (caseloads) the tolerance beyond
    which it is re-split at year end on the actual activity."""

    service = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    basis = models.CharField(max_length=200, blank=True, help_text="e.g. Caseloads")
    activity_driven = models.BooleanField(default=False)
    tolerance = models.DecimalField(
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Re-split at year end beyond this many percentage points",
    )
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "service__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "year"], name="share_basis_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service} {FinancialYear(self.year).label}"


class PartnerShare(models.Model):
    """A partner's share of a basis, kept exactly as agreed (a fraction: 10.4543%
    is 104543/1000000); `actual` the share on the year's actual activity."""

    basis = models.ForeignKey(ShareBasis, on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField()
    actual_numerator = models.BigIntegerField(null=True, blank=True)
    actual_denominator = models.BigIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["basis", "partner"]
        constraints = [
            models.UniqueConstraint(fields=["basis", "partner"], name="partner_share_unique"),
            models.CheckConstraint(
                condition=models.Q(numerator__gte=0, denominator__gt=0),
                name="partner_share_fraction",
            ),
        ]

    @property
    def share(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    @property
    def actual(self) -> Fraction | None:
        if self.actual_numerator is None or not self.actual_denominator:
            return None
        return Fraction(self.actual_numerator, self.actual_denominator)


class FinancePeriod(Submission):
    """A period's forecast (P1 April ... P12 March; P12 is the outturn): the
    lines' forecasts are its content. `quarter` is the period's quarter (the
    lifecycle's lists show submissions by quarter)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    period = models.PositiveSmallIntegerField(help_text="1 = April ... 12 = March")
    quarter = models.PositiveSmallIntegerField(editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "period"], name="finance_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(period__gte=1, period__lte=12),
                name="finance_period_1_to_12",
            ),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        self.quarter = (self.period + 2) // 3
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"{self.organisation} {FinancialYear(self.year).label} P{self.period} forecast"

    @property
    def label(self) -> str:
        """ "Period 5 2019/20 (August 2019)"."""
        month = FinancialYear(self.year).month(self.period)
        name = calendar.month_name[month.month]
        return f"Period {self.period} {FinancialYear(self.year).label} ({name} {month.year})"


class LineForecast(models.Model):
    """A line's forecast outturn for the year, as at a period, with the
    explanation of its variance."""

    period = models.ForeignKey(FinancePeriod, on_delete=models.CASCADE, related_name="forecasts")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="forecasts")
    forecast = money()
    explanation = models.TextField(blank=True, max_length=EXPLANATION_LENGTH)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "line"]
        constraints = [
            models.UniqueConstraint(fields=["period", "line"], name="line_forecast_unique")
        ]


class StatedFigure(models.Model):
    """A figure a paper states for a period (a council's non-shared variance, the
    shared total), kept to check it against the lines it sums: seed 001 states
    Bexley's non-shared underspend as (£0.144m) and its table (£0.114m)."""

    class Measure(models.TextChoices):
        SHARED = "shared", "Shared variance"
        NON_SHARED = "non-shared", "Non-shared variance"
        TOTAL = "total", "Total variance"

    period = models.ForeignKey(FinancePeriod, on_delete=models.CASCADE, related_name="stated")
    measure = models.CharField(max_length=12, choices=Measure.choices)
    council = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = money()
    precision = money(default=1000, help_text="Written to: 1000 for £0.114m")
    where = models.CharField(max_length=300, help_text="Where the paper states it")
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "measure", "council"]


class ReserveItem(models.Model):
    """A row of a year's reserve table: the opening balance (stage "opening"), or
    a drawdown (drawn down, or projected) with its purpose; `in_base` marks an
    item since built into a later base budget (* in seed 001)."""

    class Kind(models.TextChoices):
        OPENING = "opening", "Opening balance"
        DRAWN = Stage.DRAWN.value, Stage.DRAWN.label
        PROJECTED = Stage.PROJECTED.value, Stage.PROJECTED.label

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    purpose = models.CharField(max_length=200)
    in_base = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "year", "position", "id"]

    def __str__(self) -> str:
        return self.purpose


class ReserveAmount(models.Model):
    """A partner's amount of a reserve item."""

    item = models.ForeignKey(ReserveItem, on_delete=models.CASCADE, related_name="amounts")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount = money()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "partner"]
        constraints = [
            models.UniqueConstraint(fields=["item", "partner"], name="reserve_amount_unique")
        ]


class Saving(models.Model):
    """An item of the savings programme for a year: the saving planned and what
    was achieved, for one partner (or shared by all: blank)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    partner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="savings"
    )
    title = models.CharField(max_length=200)
    planned = money()
    achieved = money(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "year", "partner", "title"]

    def __str__(self) -> str:
        return self.title


class FinanceMeasure(models.Model):
    """An indicator whose figures are read from a shared service's budget
    monitoring (seed 000's strategic indicator "Savings achieved"), so the
    performance pack and the finance section never disagree. For the shared
    service itself the figure is the whole; for a partner council, its own part
    (`finance.measures`). Its figures are recorded by `finance.measures`, not
    typed on a return."""

    class Measure(models.TextChoices):
        SAVINGS_ACHIEVED = Measure.SAVINGS_ACHIEVED.value, "Savings achieved in the year (£)"
        VARIANCE_PERCENT = Measure.VARIANCE_PERCENT.value, "Budget variance (% of the budget)"
        SHARED_VARIANCE = Measure.SHARED_VARIANCE.value, "Shared variance (£)"

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="finance_measure"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The shared service whose budget monitoring it reads",
    )
    measure = models.CharField(max_length=20, choices=Measure.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__reference"]

    def __str__(self) -> str:
        return f"{self.indicator.reference} reads {self.get_measure_display().lower()}"

    def clean(self) -> None:
        """An indicator reads a measure of its own unit, and savings (a year's) only
        if it is annual."""
        if self.indicator_id is None or not self.measure:
            return
        problem = misfit(Measure(self.measure), self.indicator.unit, self.indicator.frequency)
        if problem:
            raise ValidationError({"measure": f"{self.indicator.reference}: {problem}"})

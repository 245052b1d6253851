"""How this performance team reports: the rules it sets once and changes
rarely (who sees figures before sign-off, what an exception report must
say, when returns are due). One row; read through `selectors.reporting_rules`."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

DEFAULT_DUE_DAYS = 20


class ReportingRules(models.Model):
    """The team's reporting rules (a single row, id 1)."""

    provisional_to_readers = models.BooleanField(
        default=False,
        help_text="Readers see figures not yet signed off, marked provisional.",
    )
    # What an exception report must give, by the summary column the figure is
    # counted in (amber; red, which counts failed too).
    amber_needs_reasons = models.BooleanField(default=True)
    amber_needs_difference = models.BooleanField(default=False)
    amber_needs_remedial_actions = models.BooleanField(default=False)
    red_needs_reasons = models.BooleanField(default=True)
    red_needs_difference = models.BooleanField(default=False)
    red_needs_remedial_actions = models.BooleanField(default=True)
    due_days = models.PositiveSmallIntegerField(
        default=DEFAULT_DUE_DAYS,
        help_text="Days after a quarter ends that returns are due.",
    )
    summary_scheme = models.CharField(
        max_length=40,
        default="rag",
        help_text="The scheme whose statuses are the summary's columns (its key).",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "reporting rules"
        verbose_name_plural = "reporting rules"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="reporting_rules_one_row")
        ]

    def __str__(self) -> str:
        return "Reporting rules"


class QuarterDeadline(models.Model):
    """A quarter's own due date for returns (until the reporting calendar arrives)."""

    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    quarter = models.PositiveSmallIntegerField(help_text="1 = Apr-Jun ... 4 = Jan-Mar")
    due_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="quarter_deadline_unique"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="quarter_deadline_quarter_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}: due {self.due_on}"

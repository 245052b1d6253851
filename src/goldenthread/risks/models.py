"""The risk register: risks with their inherent, current and target scores on
the team's matrix, their controls and further actions, the appetite per
category or service, and each quarter's review.

A service's quarterly review of its risks is a submission
(`goldenthread.submissions`): the risk owners (the service area's officers)
record each risk's scores and a comment, its directorate's director signs it
off. A review's scores become the risk's current score; the reviews kept are
the score history and the trend.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.risk_matrix import Score
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.plan.models import Action
from goldenthread.submissions.models import Submission

TEXT_LENGTH = 4000


class RiskSettings(models.Model):
    """The team's risk matrix (a single row, id 1; read through
    `risks.selectors.risk_matrix`; blank: `domain.risk_matrix.DEFAULT`)."""

    matrix = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "risk settings"
        verbose_name_plural = "risk settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="risk_settings_one_row")
        ]

    def __str__(self) -> str:
        return "Risk settings"


class Category(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    OPERATIONAL = "operational", "Operational"


class Appetite(models.Model):
    """The highest level of risk accepted for a category, or for one service area
    within it (the service's own wins)."""

    category = models.CharField(max_length=20, choices=Category.choices)
    service_area = models.ForeignKey(ServiceArea, null=True, blank=True, on_delete=models.CASCADE)
    level = models.CharField(max_length=40, help_text="A level of the matrix, e.g. Medium")
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "service_area"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "service_area"],
                condition=models.Q(service_area__isnull=False),
                name="appetite_unique_per_service",
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(service_area__isnull=True),
                name="appetite_unique_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.service_area or ''}: {self.level}".strip()


class Risk(models.Model):
    """A risk: what could happen (cause, event, consequence), whose it is, and
    three scores (likelihood, impact): inherent (with no controls), current
    (residual, with the controls: set by each approved review) and target."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=300)
    cause = models.TextField(blank=True, max_length=TEXT_LENGTH)
    event = models.TextField(blank=True, max_length=TEXT_LENGTH)
    consequence = models.TextField(blank=True, max_length=TEXT_LENGTH)
    category = models.CharField(max_length=20, choices=Category.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, help_text="Whose register it is on"
    )
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="risks")
    all_partners = models.BooleanField(default=False)
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_risks")
    owner = models.CharField(max_length=200, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    current_likelihood = models.PositiveSmallIntegerField()
    current_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    review_date = models.DateField(null=True, blank=True, help_text="Next review due")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    escalation = models.CharField(
        max_length=200, blank=True, help_text="The body it is escalated to, e.g. Joint Committee"
    )
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[partners])

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def inherent(self) -> Score:
        return Score(self.inherent_likelihood, self.inherent_impact)

    @property
    def current(self) -> Score:
        return Score(self.current_likelihood, self.current_impact)

    @property
    def target(self) -> Score:
        return Score(self.target_likelihood, self.target_impact)


class Control(models.Model):
    """An existing control on a risk, its owner and how effective it is."""

    class Effectiveness(models.TextChoices):
        EFFECTIVE = "effective", "Effective"
        PARTLY = "partly", "Partly effective"
        NOT_EFFECTIVE = "not-effective", "Not effective"
        UNTESTED = "untested", "Not yet assessed"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.TextField(max_length=TEXT_LENGTH)
    owner = models.CharField(max_length=200, blank=True)
    effectiveness = models.CharField(
        max_length=20, choices=Effectiveness.choices, default=Effectiveness.UNTESTED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "id"]

    def __str__(self) -> str:
        return f"{self.risk.reference}: {self.description[:60]}"


class RiskAction(models.Model):
    """A further action to bring a risk to its target, with its owner and date;
    it may be an Improvement Plan action (`plan_action`), which then lists the
    risk among those it serves."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(blank=True, max_length=TEXT_LENGTH)
    owner = models.CharField(max_length=200, blank=True)
    due = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    plan_action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.PROTECT, related_name="risk_actions"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "due", "id"]

    def __str__(self) -> str:
        return f"{self.risk.reference}: {self.description[:60] or self.plan_action}"


class ReviewRound(Submission):
    """A service area's review of its risks for a quarter; its state, version,
    reason and last change are the submission's."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    quarter = models.PositiveSmallIntegerField(help_text="1 = Apr-Jun ... 4 = Jan-Mar")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter", "service_area"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_area", "year", "quarter"],
                name="review_round_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="review_round_quarter_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        year = FinancialYear(self.year).label
        return f"{self.service_area} {year} Q{self.quarter} risk review"


class RiskReview(models.Model):
    """A risk's review in a round: the current scores then, a comment, the day."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="reviews")
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="reviews")
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=TEXT_LENGTH)
    reviewed_on = models.DateField()
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "risk"]
        constraints = [models.UniqueConstraint(fields=["round", "risk"], name="risk_review_unique")]

    def __str__(self) -> str:
        return f"{self.risk.reference} in {self.round}"

    @property
    def score(self) -> Score:
        return Score(self.likelihood, self.impact)

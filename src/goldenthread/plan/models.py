"""The Improvement Plan: its priorities, the services that deliver it (each with
its lead), their actions, and each quarter's update of them.

The golden thread runs priority -> service -> action -> the indicators it
serves (and the risks, linked from the risk register: `Action.risk_actions`).
A service's quarterly update is a submission (`goldenthread.submissions`): the
action owners save and submit it, the service lead signs it off; each action's
update for the quarter is kept, so an action's history reads like the papers.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.domain.judgements import CODE_LENGTH
from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.target_dates import TargetDate
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.submissions.models import Submission

TEXT_LENGTH = 4000  # the most a delivery, outcome, progress or next steps text keeps
TARGET_LENGTH = 1000  # seed 001 line 467: IP28 writes its target date in 809 characters


class PlanSettings(models.Model):
    """The plan's judgement scales (a single row, id 1; read through
    `plan.selectors.plan_settings`): the progress scale, and the second judgement
    (confidence the outcome will be achieved) where the team turns it on."""

    progress_scale = models.JSONField(default=list, help_text="Judgements, best first")
    confidence_on = models.BooleanField(
        default=False, help_text="Ask for a second judgement: confidence in the outcome."
    )
    confidence_scale = models.JSONField(default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "plan settings"
        verbose_name_plural = "plan settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="plan_settings_one_row")
        ]

    def __str__(self) -> str:
        return "Plan settings"


class Priority(models.Model):
    """One of the plan's improvement priorities (seed 000: four)."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True, max_length=TEXT_LENGTH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.name


class PlanService(models.Model):
    """A service in the plan ("Finance and Procurement"), the service area whose
    people update its actions and whose directorate's director signs off, its
    lead as the plan names them, and whose plan it is (`organisation`: the
    shared service, or a council)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    service_area = models.OneToOneField(
        ServiceArea, on_delete=models.PROTECT, related_name="plan_service"
    )
    number = models.PositiveSmallIntegerField(help_text="Its number in the plan's summary")
    name = models.CharField(max_length=200, unique=True)
    lead = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number", "name"]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """An action of the plan: what will be delivered, to what outcome, by when.

    `partners`: the councils it is for; `all_partners` is the plan's "ALL" (then
    `partners` is empty). `target` keeps the target date as written; the dates
    in it are read by `domain.target_dates` (`target_date`)."""

    reference = models.CharField(max_length=20, unique=True)
    service = models.ForeignKey(PlanService, on_delete=models.PROTECT, related_name="actions")
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    all_partners = models.BooleanField(default=False)
    partners = models.ManyToManyField(Organisation, blank=True, related_name="plan_actions")
    delivery = models.TextField(max_length=TEXT_LENGTH)
    outcome = models.TextField(blank=True, max_length=TEXT_LENGTH)
    target = models.CharField(max_length=TARGET_LENGTH, blank=True)
    owner = models.CharField(max_length=200, blank=True, help_text="Who delivers it, as named")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="plan_actions")
    closed = models.BooleanField(default=False, help_text="No longer updated each quarter")
    source = models.CharField(max_length=300, blank=True, help_text="Where it comes from")
    history = HistoricalRecords(m2m_fields=[partners, indicators])

    class Meta:
        ordering = ["service__number", "reference"]

    def __str__(self) -> str:
        return self.reference

    @property
    def target_date(self) -> TargetDate:
        return TargetDate.read(self.target)


class Milestone(models.Model):
    """A dated step of an action, with the date it was done."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due = models.DateField()
    done = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "due", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.title}"


class PlanUpdate(Submission):
    """A plan service's update for a quarter; its state, version, reason and last
    change are the submission's. `organisation` is the plan's (the service's).
    `explanations`: the lead's line per judgement for the summary table
    ({"A": "ICT restructure now commencing on a revised timetable."})."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    quarter = models.PositiveSmallIntegerField(help_text="1 = Apr-Jun ... 4 = Jan-Mar")
    explanations = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter", "service_area"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_area", "year", "quarter"],
                name="plan_update_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="plan_update_quarter_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        year = FinancialYear(self.year).label
        return f"{self.service_area} {year} Q{self.quarter} plan update"


class ActionUpdate(models.Model):
    """An action's update for a quarter: the judgement (a code of the progress
    scale), the second judgement if asked for, % complete if given, progress
    and next steps; `late` when saved after the quarter's due date."""

    update = models.ForeignKey(PlanUpdate, on_delete=models.CASCADE, related_name="actions")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=CODE_LENGTH, blank=True)
    confidence = models.CharField(max_length=CODE_LENGTH, blank=True)
    percent_complete = models.PositiveSmallIntegerField(null=True, blank=True)
    progress = models.TextField(blank=True, max_length=TEXT_LENGTH)
    next_steps = models.TextField(blank=True, max_length=TEXT_LENGTH)
    late = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["update", "action"]
        constraints = [
            models.UniqueConstraint(fields=["update", "action"], name="action_update_unique"),
            models.CheckConstraint(
                condition=models.Q(percent_complete__isnull=True)
                | models.Q(percent_complete__lte=100),
                name="action_update_percent_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} in {self.update}"

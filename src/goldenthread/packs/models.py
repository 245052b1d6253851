"""A built quarterly performance pack: the snapshot of every figure it used
(with its hash), who built it and when, and the files it was rendered to."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models

from goldenthread.domain.periods import FinancialYear
from goldenthread.organisations.models import Organisation
from goldenthread.reports.content import ExceptionRule

FORMATS = ("html", "pdf", "docx", "xlsx")
TEMPLATE_COPY = "template.docx"  # in the pack's folder, when built with its own template


class PackState(models.TextChoices):
    """A pack asked for on the web is recorded with its snapshot at once and built
    in the background (`goldenthread db_worker`); its files exist once it is built."""

    QUEUED = "queued", "Waiting to be built"
    BUILDING = "building", "Building"
    BUILT = "built", "Built"
    FAILED = "failed", "Could not be built"


def file_stem(year: int, quarter: int, council: str | None) -> str:
    """pack-2019-20-Q1-all: the files' name, without the extension."""
    return f"pack-{FinancialYear(year).label.replace('/', '-')}-Q{quarter}-{council or 'all'}"


class Pack(models.Model):
    """A pack is never edited: a rebuild with new figures is a new pack, and the
    snapshot (canonical JSON, as hashed) rebuilds this one byte for byte."""

    year = models.PositiveSmallIntegerField(help_text="Start year: 2019 means 2019/20")
    quarter = models.PositiveSmallIntegerField(help_text="1 = Apr-Jun ... 4 = Jan-Mar")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="The one council the pack covers; empty for every council.",
    )
    exception_rule = models.CharField(
        max_length=20,
        choices=[(rule.value, rule.label) for rule in ExceptionRule],
        default=ExceptionRule.AMBER_AND_RED.value,
    )
    formats = models.JSONField(default=list, help_text="The formats asked for: html, pdf, ...")
    state = models.CharField(max_length=10, choices=PackState.choices, default=PackState.QUEUED)
    failure = models.TextField(blank=True, help_text="Why it could not be built")
    built_at = models.DateTimeField(help_text="When its figures were taken (the snapshot)")
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="When its files were written, or its build failed"
    )
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Empty when built from the command line.",
    )
    snapshot = models.TextField(help_text="Every figure used, as canonical JSON")
    snapshot_hash = models.CharField(max_length=64, db_index=True)
    changes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Changes since the previous pack for the same period"
    )
    template_name = models.CharField(
        max_length=200, blank=True, help_text="The Word template used, if not the default"
    )

    class Meta:
        ordering = ["-built_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="pack_quarter_1_to_4"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.council_code} ({self.built_at:%Y-%m-%d %H:%M})"

    @property
    def period(self) -> str:
        return f"{FinancialYear(self.year).label} Q{self.quarter}"

    @property
    def is_built(self) -> bool:
        return self.state == PackState.BUILT

    @property
    def is_pending(self) -> bool:
        return self.state in (PackState.QUEUED, PackState.BUILDING)

    @property
    def builder(self) -> str:
        """Who built it, as the pages say it."""
        if self.built_by is None:
            return "the command line"
        return self.built_by.get_full_name() or self.built_by.get_username()

    @property
    def council_code(self) -> str:
        return self.organisation.code if self.organisation_id else "all councils"

    @property
    def folder(self) -> Path:
        return Path(settings.DATA_DIR) / "packs" / str(self.pk)

    def file_name(self, fmt: str) -> str:
        council = self.organisation.code if self.organisation_id else None
        return f"{file_stem(self.year, self.quarter, council)}.{fmt}"

    def path(self, fmt: str) -> Path:
        return self.folder / self.file_name(fmt)

    @property
    def template_copy(self) -> Path | None:
        """Where the Word template it was built with is kept, if not the default."""
        return self.folder / TEMPLATE_COPY if self.template_name else None

"""The overview's status words, from the team's summary scheme: the summary
table's columns (the summary scheme's statuses, then not applicable,
incomplete and no target: `domain.schemes.summary_columns`), the heading of
its share met, and the status filter's choices (the columns, then every other
status of a scheme an indicator uses). A figure of another scheme is counted,
and filtered, in the column of its grade (`domain.schemes.column_of`): an
achieved figure under Green, a failed one under Red."""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.domain.schemes import Scheme, Status, column_of, summary_columns
from goldenthread.indicators.models import Indicator
from goldenthread.reporting.selectors import reporting_rules
from goldenthread.schemes.selectors import schemes_by_key


@dataclass(frozen=True)
class StatusColumns:
    """The summary's columns and the status filter's choices."""

    scheme: Scheme  # the team's summary scheme
    columns: tuple[Status, ...]
    choices: tuple[Status, ...]  # the filter's: the columns first

    @classmethod
    def of(cls, scheme: Scheme, in_use: tuple[Scheme, ...] = ()) -> StatusColumns:
        columns = summary_columns(scheme)
        choices = list(columns)
        codes = {status.code for status in columns}
        for other in in_use:
            for status in other.statuses or (Status.MONITORED,):
                if status.code not in codes:
                    codes.add(status.code)
                    choices.append(status)
        return cls(scheme, columns, tuple(choices))

    @property
    def met_heading(self) -> str:
        """The share met's heading: the papers' 'Green of rated' for rag."""
        return "Green of rated" if self.scheme == Scheme.RAG else "Met of rated"

    @property
    def met_words(self) -> str:
        """What the share met counts, in words."""
        met = [s.label for s in self.columns if s.met_target]
        named = " or ".join(met)
        return (
            f"{self.met_heading}: the share of the rated indicators that are {named} "
            "(or met their target under another scheme). Not applicable, incomplete, "
            "no target and monitor only are not rated."
        )

    def column_of(self, status: Status) -> Status:
        return column_of(status, self.columns)

    def choice(self, code: str) -> str:
        """A status filter's code if it is one of the choices, else "" (all)."""
        return code if any(s.code == code for s in self.choices) else ""

    def matches(self, status: Status, code: str) -> bool:
        """Whether a figure of `status` is shown by the filter `code`: a column's
        code shows what the column counts, another status's shows that status."""
        if any(column.code == code for column in self.columns):
            return self.column_of(status).code == code
        return status.code == code


def status_columns() -> StatusColumns:
    """The summary's columns and the filter's choices, as the team has set them
    (the summary scheme rag if the one named has gone)."""
    schemes = schemes_by_key()  # the built-in ones first
    keys = set(Indicator.objects.order_by().values_list("scheme", flat=True).distinct())
    in_use = tuple(scheme for key, scheme in schemes.items() if key in keys)
    return StatusColumns.of(schemes.get(reporting_rules().summary_scheme, Scheme.RAG), in_use)

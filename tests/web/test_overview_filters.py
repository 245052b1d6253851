"""The overview's status filter picks what the summary's column counts: a
filter by Green shows the achieved figures too, a filter by Red the failed
(issue 15: the Green filter dropped Achieved while the Green column counted it)."""

import pytest

from goldenthread.demo.load import load_dataset
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.rating import Scheme, Status
from goldenthread.domain.summary import SUMMARY_COLUMNS as SUMMARY_STATUSES
from goldenthread.indicators.models import Indicator
from goldenthread.overview.selectors import Filters, overview
from goldenthread.people.access import Scope

EVERYTHING = Scope("performance-team", True, frozenset(), frozenset(), frozenset())
Q1 = Quarter(FinancialYear(2019), 1)


@pytest.mark.django_db
@pytest.mark.parametrize("status", SUMMARY_STATUSES, ids=str)
def test_a_status_filter_shows_as_many_figures_as_its_summary_column_counts(status):
    load_dataset()
    rated = overview(EVERYTHING, Q1, Filters()).figures
    met = next(f.indicator for f in rated if f.result.assessment.status is Status.GREEN)
    missed = next(f.indicator for f in rated if f.result.assessment.status is Status.RED)
    Indicator.objects.filter(id__in=[met.id, missed.id]).update(scheme=Scheme.ACHIEVED_FAILED.key)
    everything = overview(EVERYTHING, Q1, Filters())
    statuses = {f.result.assessment.status for f in everything.figures}
    assert {Status.ACHIEVED, Status.FAILED} <= statuses  # the case in question
    column = SUMMARY_STATUSES.index(status)
    counted = sum(row.counts[column] for row in everything.summary)
    shown = overview(EVERYTHING, Q1, Filters(status=status.value)).figures
    assert len(shown) == counted
    assert {f.result.assessment.status.group for f in shown} <= {status}

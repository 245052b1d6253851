"""Summaries: status counts per organisation and the share green."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goldenthread.domain.rating import Status
from goldenthread.domain.schemes import UNRATED, Scheme
from goldenthread.domain.summary import StatusCounts, summarise
from goldenthread.domain.values import round_to

GREEN, AMBER, RED = Status.GREEN, Status.AMBER, Status.RED
ACHIEVED, FAILED = Status.ACHIEVED, Status.FAILED
NA, INCOMPLETE, NO_TARGET = Status.NOT_APPLICABLE, Status.INCOMPLETE, Status.NO_TARGET

# seed 001 lines 642-648: the Q1 2019/20 summary table (columns Bexley, Havering, Newham)
SEED_001_Q1_SUMMARY = {
    "Bexley": {GREEN: 0, AMBER: 0, RED: 0, NA: 2, INCOMPLETE: 6},
    "Havering": {GREEN: 26, AMBER: 8, RED: 7, NA: 9, INCOMPLETE: 10},
    "Newham": {GREEN: 26, AMBER: 4, RED: 6, NA: 7, INCOMPLETE: 8},
}


def seed_statuses() -> list[tuple[str, Status]]:
    return [
        (organisation, status)
        for organisation, counts in SEED_001_Q1_SUMMARY.items()
        for status, n in counts.items()
        for _ in range(n)
    ]


@pytest.fixture
def seed_summary() -> dict[str, StatusCounts]:
    return summarise(seed_statuses())


@pytest.mark.parametrize(
    ("organisation", "total", "rated", "met"),
    [
        # line 648: Total 8, 60, 51
        pytest.param("Bexley", 8, 0, 0, id="bexley"),
        pytest.param("Havering", 60, 41, 26, id="havering"),
        pytest.param("Newham", 51, 36, 26, id="newham"),
    ],
)
def test_seed_001_totals(
    seed_summary: dict[str, StatusCounts], organisation: str, total: int, rated: int, met: int
) -> None:
    counts = seed_summary[organisation]
    assert counts.organisation == organisation
    assert counts.total == total
    assert counts.rated == rated
    assert counts.met == met


@pytest.mark.parametrize("organisation", list(SEED_001_Q1_SUMMARY))
def test_seed_001_counts_per_status(
    seed_summary: dict[str, StatusCounts], organisation: str
) -> None:
    counts = seed_summary[organisation]
    for status, n in SEED_001_Q1_SUMMARY[organisation].items():
        assert counts[status] == n
    # statuses that never occur count as zero
    assert counts[ACHIEVED] == counts[FAILED] == counts[NO_TARGET] == 0


# The share green is green over green + amber + red. The paper (line 638) says
# "approximately 58%" for Havering and "~67%" for Newham "discounting the
# non-applicable indicators", but its own table does not reproduce those under
# any obvious denominator: Havering 26/41 = 63.4% (rated), 26/51 = 51.0%
# (total less n/a), 26/50 = 52.0% (less incomplete), 26/60 = 43.3% (total);
# Newham 26/36 = 72.2%, 26/44 = 59.1%, 26/43 = 60.5%, 26/51 = 51.0%.
@pytest.mark.parametrize(
    ("organisation", "share", "shown"),
    [
        pytest.param("Havering", Decimal(2600) / Decimal(41), "63.4", id="havering-26-of-41"),
        pytest.param("Newham", Decimal(2600) / Decimal(36), "72.2", id="newham-26-of-36"),
    ],
)
def test_seed_001_share_green(
    seed_summary: dict[str, StatusCounts], organisation: str, share: Decimal, shown: str
) -> None:
    result = seed_summary[organisation].share_green
    assert result == share
    assert result is not None and round_to(result, 1) == Decimal(shown)


def test_seed_001_share_green_none_when_nothing_rated(
    seed_summary: dict[str, StatusCounts],
) -> None:
    # Bexley: 2 not applicable, 6 incomplete, nothing rated
    assert seed_summary["Bexley"].share_green is None


def test_organisations_in_order_of_first_appearance() -> None:
    statuses = [
        ("Newham", GREEN),
        ("Havering", RED),
        ("Newham", AMBER),
        ("Bexley", NA),
        ("Havering", GREEN),
    ]
    summary = summarise(statuses)
    assert list(summary) == ["Newham", "Havering", "Bexley"]
    assert summary["Newham"].total == 2
    assert summary["Havering"][GREEN] == summary["Havering"][RED] == 1


def test_seed_order_follows_the_input(seed_summary: dict[str, StatusCounts]) -> None:
    assert list(seed_summary) == ["Bexley", "Havering", "Newham"]
    interleaved = summarise(reversed(seed_statuses()))
    assert list(interleaved) == ["Newham", "Havering", "Bexley"]
    assert interleaved["Havering"].total == 60


@pytest.mark.parametrize(
    ("statuses", "rated", "met", "share"),
    [
        pytest.param([ACHIEVED, ACHIEVED, FAILED], 3, 2, Decimal(200) / 3, id="af"),
        pytest.param([ACHIEVED, FAILED, FAILED, FAILED], 4, 1, Decimal("25"), id="af-quarter"),
        pytest.param([GREEN, ACHIEVED, AMBER, FAILED], 4, 2, Decimal("50"), id="mixed-schemes"),
        pytest.param(
            [GREEN, RED, NA, INCOMPLETE, NO_TARGET], 2, 1, Decimal("50"), id="unrated-left-out"
        ),
        pytest.param([GREEN], 1, 1, Decimal("100"), id="all-green"),
        pytest.param([RED, AMBER], 2, 0, Decimal("0"), id="none-green"),
    ],
)
def test_met_over_rated(statuses: list[Status], rated: int, met: int, share: Decimal) -> None:
    counts = summarise(("LBN", status) for status in statuses)["LBN"]
    assert counts.rated == rated
    assert counts.met == met
    assert counts.total == len(statuses)
    assert counts.share_green == share


@pytest.mark.parametrize(
    "statuses",
    [
        pytest.param([NA, NA], id="all-na"),
        pytest.param([INCOMPLETE, NO_TARGET, NA], id="unrated-mix"),
    ],
)
def test_share_green_none_when_nothing_rated(statuses: list[Status]) -> None:
    counts = summarise(("LBB", status) for status in statuses)["LBB"]
    assert counts.rated == 0
    assert counts.share_green is None


def test_empty_input_gives_empty_summary() -> None:
    assert summarise([]) == {}


def test_status_counts_add() -> None:
    counts = StatusCounts("Havering")
    assert counts.total == 0 and counts.share_green is None
    counts.add(GREEN)
    counts.add(GREEN)
    counts.add(RED)
    assert counts[GREEN] == 2 and counts[RED] == 1 and counts[AMBER] == 0
    assert counts.total == 3
    assert counts.share_green == Decimal(200) / Decimal(3)


def test_each_status_is_counted_in_the_column_of_its_group() -> None:
    built_in = (*Scheme.RAG.statuses, *Scheme.ACHIEVED_FAILED.statuses, *UNRATED)
    counts = summarise(("LBH", s) for s in built_in)["LBH"]
    columns = counts.columns()
    # achieved as green, failed as red, monitor only as no target
    assert columns == (2, 1, 2, 1, 1, 2, 9)
    assert sum(columns[:-1]) == columns[-1] == counts.total

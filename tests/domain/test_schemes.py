"""Status schemes as data: properties that hold for every valid scheme, the
files a team may write and the ones refused, and the docs' examples."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.domain.polarity import Polarity
from goldenthread.domain.rating import RatingRule
from goldenthread.domain.schemes import Grade, Scheme, SchemeError, Status
from goldenthread.domain.targets import Threshold
from goldenthread.domain.values import Value

EXAMPLES = Path(__file__).parents[2] / "examples" / "schemes"


@dataclass(frozen=True)
class Drawn:
    """A valid scheme and the rows it was built from."""

    scheme: Scheme
    rows: tuple[dict[str, str], ...]
    absolute: bool
    exceeds: tuple[int, ...]  # descending
    within: tuple[int, ...]  # ascending; the first is the met band's


@st.composite
def schemes(draw: st.DrawFn) -> Drawn:
    """Random valid schemes: exceeds margins descending, within bands ascending,
    all % or all pp, and a last status."""
    absolute = draw(st.booleans())
    exceeds = sorted(
        draw(st.sets(st.integers(1, 60), max_size=3)), reverse=True
    )  # beaten by at least
    near = sorted(draw(st.sets(st.integers(1, 60), max_size=3)))
    met = draw(st.sampled_from([0, *(n for n in range(1, 60) if not near or n < near[0])]))
    within = (met, *(n for n in near if n > met))
    unit = "pp" if absolute else "%"
    rows: list[dict[str, str]] = [
        {"label": f"Beaten {n}", "exceeds": f"{n}{unit}"} for n in exceeds
    ]
    rows += [{"label": f"Within {n}", "within": f"{n}{unit}" if n else "0"} for n in within]
    rows.append({"label": "Further off"})
    scheme = Scheme.build("Drawn", rows)
    return Drawn(scheme, tuple(rows), absolute, tuple(exceeds), within)


targets = st.decimals(min_value=-500, max_value=500, places=2)
figures = st.decimals(min_value=-2000, max_value=2000, places=2)
polarities = st.sampled_from([Polarity.UP, Polarity.DOWN])


def status_of(scheme: Scheme, target: Decimal, polarity: Polarity, figure: Decimal) -> Status:
    return RatingRule(Threshold(target), polarity, scheme).assess(Value.of(figure)).status


def reach(drawn: Drawn, amount: int, target: Decimal) -> Decimal:
    return Decimal(amount) if drawn.absolute else abs(target) * amount / 100


def covering(drawn: Drawn, target: Decimal, polarity: Polarity, figure: Decimal) -> list[Status]:
    """Every status whose band, as the scheme's rows define it, holds the figure."""
    beyond = figure - target if polarity is Polarity.UP else target - figure
    met, distance = beyond >= 0, abs(beyond)
    statuses = drawn.scheme.statuses
    found = []
    edges = [reach(drawn, n, target) for n in drawn.exceeds]
    for place, edge in enumerate(edges):  # beaten by at least edge, less than the one before
        if (
            met
            and distance > 0
            and distance >= edge
            and (place == 0 or distance < edges[place - 1])
        ):
            found.append(statuses[place])
    reaches = [reach(drawn, n, target) for n in drawn.within]
    first = len(edges)
    beaten = met and any(distance > 0 and distance >= edge for edge in edges)
    if (met and not beaten) or (not met and distance <= reaches[0] and reaches[0] > 0):
        found.append(statuses[first])
    for place in range(1, len(reaches)):
        if not met and reaches[place - 1] < distance <= reaches[place]:
            found.append(statuses[first + place])
    if not met and distance > max(reaches):
        found.append(statuses[-1])
    return found


@settings(max_examples=300)
@given(schemes(), targets, polarities, figures, figures)
def test_a_better_value_never_gets_a_worse_status(
    drawn: Drawn, target: Decimal, polarity: Polarity, first: Decimal, second: Decimal
) -> None:
    better, worse = (max, min) if polarity is Polarity.UP else (min, max)
    order = drawn.scheme.statuses
    good = status_of(drawn.scheme, target, polarity, better(first, second))
    bad = status_of(drawn.scheme, target, polarity, worse(first, second))
    assert order.index(good) <= order.index(bad)


@settings(max_examples=300)
@given(schemes(), targets, polarities, figures)
def test_every_figure_is_in_exactly_one_band_and_gets_its_status(
    drawn: Drawn, target: Decimal, polarity: Polarity, figure: Decimal
) -> None:
    found = covering(drawn, target, polarity, figure)
    assert len(found) == 1, found  # no overlap, no gap
    assert status_of(drawn.scheme, target, polarity, figure) == found[0]


@settings(max_examples=100)
@given(schemes(), st.integers(10, 400), polarities)
def test_moving_the_figure_walks_every_status_in_order(
    drawn: Drawn, target: int, polarity: Polarity
) -> None:
    """From far beyond the target to far short of it, in steps smaller than any
    band, the figure meets each status once, in the scheme's order."""
    span = Decimal(max((*drawn.exceeds, *drawn.within))) + 10
    span = span if drawn.absolute else target * span / 100
    step = Decimal("0.1") if drawn.absolute else Decimal(target) / 1000
    sign = 1 if polarity is Polarity.UP else -1
    seen: list[Status] = []
    figure = target + sign * span
    while sign * (figure - target) >= -span:
        status = status_of(drawn.scheme, Decimal(target), polarity, figure)
        if not seen or seen[-1] != status:
            seen.append(status)
        figure -= sign * step
    assert tuple(seen) == drawn.scheme.statuses


@given(schemes(), targets, polarities)
def test_a_figure_at_the_target_is_met_never_beaten(
    drawn: Drawn, target: Decimal, polarity: Polarity
) -> None:
    assert status_of(drawn.scheme, target, polarity, target) == drawn.scheme.met


@given(
    st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=20).filter(
        lambda s: s.strip() and s.strip().casefold() not in {"no target", "not applicable"}
    ),
    targets,
    polarities,
    figures,
)
def test_a_scheme_with_one_band_rates_as_achieved_or_failed(
    label: str, target: Decimal, polarity: Polarity, figure: Decimal
) -> None:
    scheme = Scheme.build("One band", [{"label": label, "within": "0"}, {"label": "Otherwise"}])
    ours = status_of(scheme, target, polarity, figure)
    theirs = status_of(Scheme.ACHIEVED_FAILED, target, polarity, figure)
    assert ours.grade is theirs.grade
    assert (ours == scheme.statuses[0]) is (theirs is Status.ACHIEVED)
    assert [s.grade for s in scheme.statuses] == [Grade.MET, Grade.MISSED]


@given(schemes(), st.data())
def test_the_statuses_of_a_valid_scheme_in_any_other_order_are_refused(
    drawn: Drawn, data: st.DataObject
) -> None:
    rows = list(drawn.rows)
    shuffled = data.draw(st.permutations(rows))
    if shuffled == rows:
        assert Scheme.build("Same", shuffled) == Scheme.build("Same", rows)
        return
    with pytest.raises(SchemeError):
        Scheme.build("Shuffled", shuffled)


@given(schemes())
def test_a_scheme_survives_its_own_rows(drawn: Drawn) -> None:
    assert Scheme.build("Drawn", drawn.scheme.to_rows()) == drawn.scheme


def rows(*statuses: dict[str, Any]) -> list[dict[str, Any]]:
    return list(statuses)


GREEN, RED = {"label": "Green", "within": "0"}, {"label": "Red"}


@pytest.mark.parametrize(
    ("statuses", "reason"),
    [
        (rows(GREEN, {"label": "Amber"}, RED), "only the last status may leave out within"),
        (
            rows({"label": "Green", "within": "5%"}, {"label": "Amber", "within": "5%"}, RED),
            "within 5% overlaps the status before it",
        ),
        (
            rows(
                {"label": "Blue", "exceeds": "5%"}, {"label": "Sky", "exceeds": "10%"}, GREEN, RED
            ),
            "exceeds 10% overlaps the status before it",
        ),
        (rows(GREEN, {"label": "Blue", "exceeds": "10%"}, RED), "must be listed before"),
        (
            rows({"label": "Blue", "exceeds": "0"}, GREEN, RED),
            "overlaps the status for a target met",
        ),
        (rows(GREEN, {"label": "Amber", "within": "5%"}), "has no last status"),
        (rows(GREEN), "give at least two"),
        (rows({"label": "Blue", "exceeds": "5%"}, RED), "has no status for a target met"),
        (
            rows({"label": "Green", "within": "5%"}, {"label": "Amber", "within": "10pp"}, RED),
            "mixes shares of the target (%) and points (pp)",
        ),
        (rows(GREEN, {"label": "GREEN"}), "the label is used twice"),
        (rows(GREEN, {"label": "No target"}), "is a status every scheme has"),
        (rows(GREEN, {"label": "not applicable"}), "is a status every scheme has"),
        (rows(GREEN, {"label": "Red\x00"}), "remove the control characters"),
        (rows(GREEN, {"label": "Red\u0085"}), "remove the control characters"),
        (rows(GREEN, {"label": "R" * 41}), "at most 40 characters"),
        (rows(GREEN, {"label": ""}), "give it a name"),
        (rows(GREEN, {"label": "Red", "meaning": "x" * 201}), "at most 200 characters"),
        (rows(GREEN, {"label": "Red", "colour": "chartreuse"}), "is not one of green"),
        (rows({"label": "Green", "within": "lots"}, RED), "could not read within 'lots'"),
        (rows({"label": "Green", "within": True}, RED), "must be text"),
        (rows({"label": "Green", "within": "0", "exceeds": "5%"}, RED), "not both"),
        (rows(GREEN, {"label": "Red", "score": "1"}), "unknown field 'score'"),
    ],
)
def test_invalid_schemes_are_refused_with_the_reason(
    statuses: list[dict[str, Any]], reason: str
) -> None:
    with pytest.raises(SchemeError) as refused:
        Scheme.build("Bad", statuses)
    assert reason in str(refused.value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("name = 'x'\n[[status]\n", "is not valid TOML"),
        ("name = 'x'\n", "has no [[status]] tables"),
        ("name = 'x'\nstatus = 'Green'\n", "has no [[status]] tables"),
        ("name = 'x'\nkey = 'y'\n[[status]]\nlabel = 'A'\n", "unknown field 'key'"),
        ("name = '\x01'\n", "is not valid TOML"),  # TOML itself refuses raw control characters
        (
            "name = \"x\\u0001\"\n[[status]]\nlabel='A'\nwithin='0'\n[[status]]\nlabel='B'\n",
            "remove the control characters",
        ),
    ],
)
def test_invalid_files_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(SchemeError) as refused:
        Scheme.from_toml(text)
    assert reason in str(refused.value)


# The examples docs/cli.md shows (examples/schemes), each read as a team would write it.
EXPECTED = {
    "green-within-5.toml": (
        [("Green", Grade.MET, "5%"), ("Amber", Grade.NEAR, "10%"), ("Red", Grade.MISSED, None)],
        "10%",
    ),
    "brag.toml": (
        [
            ("Blue", Grade.BEATEN, None),
            ("Green", Grade.MET, "0%"),
            ("Amber", Grade.NEAR, "5%"),
            ("Red", Grade.MISSED, None),
        ],
        "5%",
    ),
    "on-target.toml": (
        [
            ("On target", Grade.MET, "0%"),
            ("Within tolerance", Grade.NEAR, "5%"),
            ("Off target", Grade.MISSED, None),
        ],
        "5%",
    ),
    "achieved-not-achieved.toml": (
        [("Achieved", Grade.MET, "0%"), ("Not achieved", Grade.MISSED, None)],
        None,
    ),
    "met-not-met.toml": ([("Met", Grade.MET, "0%"), ("Not met", Grade.MISSED, None)], None),
    "points.toml": (
        [("Green", Grade.MET, "0%"), ("Amber", Grade.NEAR, "2pp"), ("Red", Grade.MISSED, None)],
        "2pp",
    ),
}


def test_every_example_file_is_checked() -> None:
    assert {path.name for path in EXAMPLES.glob("*.toml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_docs_examples_read_as_written(name: str) -> None:
    scheme = Scheme.from_toml((EXAMPLES / name).read_text(encoding="utf-8"))
    statuses, tolerance = EXPECTED[name]
    assert [
        (b.status.label, b.status.grade, None if b.within is None else str(b.within))
        for b in scheme.bands
    ] == statuses
    assert (None if scheme.tolerance is None else str(scheme.tolerance)) == tolerance
    assert all(meaning for _, meaning in scheme.describe())


def test_brag_in_figures() -> None:
    """The BRAG example on a target of 80% (higher is better)."""
    scheme = Scheme.from_toml((EXAMPLES / "brag.toml").read_text(encoding="utf-8"))
    figures = ("88", "87.99", "80", "79.99", "76", "75.99")
    labels = [status_of(scheme, Decimal(80), Polarity.UP, Decimal(f)).label for f in figures]
    assert labels == [
        "Blue",
        "Green",
        "Green",
        "Amber",
        "Amber",
        "Red",
    ]

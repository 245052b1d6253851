"""The exception pages' charts: one size for all, and the plain SVG the pack uses
draws exactly the picture vl-convert drew."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
import vl_convert
from PIL import Image, ImageChops
from tests.reports.conftest import make_snapshot

from goldenthread.reports.assemble import assemble
from goldenthread.reports.charts import HEIGHT, WIDTH, chart_spec, plain_svg, render_svg
from goldenthread.reports.content import PeriodCell, PeriodRow, PeriodTable, Shown


def period_tables():
    pack = assemble(make_snapshot()).section("performance")
    return [e.periods for g in pack.exceptions for e in g.entries if e.periods is not None]


def pixels(svg: str) -> Image.Image:
    return Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=2))).convert("RGB")


def test_every_chart_has_the_same_size_with_its_axes_and_legend():
    tables = period_tables()
    assert len(tables) >= 2
    for table in tables:
        svg = render_svg(chart_spec(table))
        assert f'width="{WIDTH}" height="{HEIGHT}"' in svg.split(">", 1)[0]


def test_plain_svg_draws_the_same_picture_with_fewer_elements():
    for table in period_tables():
        drawn = vl_convert.vegalite_to_svg(chart_spec(table), allowed_base_urls=[])
        plain = plain_svg(drawn)
        assert ImageChops.difference(pixels(drawn), pixels(plain)).getbbox() is None
        assert len(re.findall(r"<\w", plain)) < len(re.findall(r"<\w", drawn)) / 2
        assert "aria-" not in plain and 'display="none"' not in plain
        # the figures' marks and the labels are all still there
        assert re.findall(r"<text[^>]*>([^<]*)<", plain) == re.findall(
            r"<text[^>]*>([^<]*)<", drawn
        )


def test_groups_that_only_move_their_contents_are_folded_into_them():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        '<g transform="translate(2,3)"><g class="x" transform="translate(0,0)">'
        '<path d="M0,0h1" stroke="#000" transform="translate(1.5,1)"/>'
        '<text transform="translate(4,5) rotate(-90)">t</text>'
        '<line x2="3" stroke="#000"/>'
        '<path class="background" d="M0,0h9v9h-9Z" fill="none"/>'
        '<path d="" fill="#000"/>'
        "</g></g></svg>"
    )
    plain = plain_svg(svg)
    assert "<g" not in plain and "class=" not in plain
    assert 'transform="translate(3.5,4)"' in plain
    assert 'transform="translate(6,8) rotate(-90)"' in plain
    assert '<line x2="3" stroke="#000" transform="translate(2,3)"' in plain
    assert plain.count("<path") == 1  # the unpainted and the empty outlines are gone


def _table(figures: list[str], targets: list[str], unit: str = "%") -> PeriodTable:
    header = [f"Q{n}" for n in range(1, len(targets) + 1)]
    cells = [PeriodCell(Shown(f, Decimal(f), unit)) for f in figures]
    cells += [PeriodCell(Shown(""), due=False)] * (len(targets) - len(figures))
    target = [PeriodCell(Shown(t, Decimal(t), unit)) for t in targets]
    return PeriodTable(
        "Quarter", header, [PeriodRow("LBH", cells), PeriodRow("Target", target, True)], unit
    )


@pytest.mark.parametrize(
    ("figures", "targets", "low", "high"),
    [
        (["40", "42"], ["95", "95", "95", "95"], 40, 95),  # target far above the figures
        (["400", "420"], ["20", "20", "20", "20"], 20, 420),  # far below
        (["50", "60"], ["10", "20", "80", "90"], 10, 90),  # a profile, both sides
        (["-5", "3"], ["0", "0", "0", "0"], -5, 3),
    ],
)
def test_the_value_axis_covers_every_target_as_well_as_the_figures(figures, targets, low, high):
    scale = chart_spec(_table(figures, targets))["encoding"]["y"]["scale"]
    assert scale["domain"] == [low, high]
    assert scale["nice"] is True  # rounded outwards to round numbers, never inwards


def test_a_target_outside_the_figures_is_drawn_inside_the_chart():
    """The dashed target line lies within the plot, not cut off above it."""
    svg = vl_convert.vegalite_to_svg(chart_spec(_table(["40", "42"], ["95"] * 4)))
    line = re.search(r'<path aria-label="[^"]*series: Target"[^>]* d="([^"]+)"', svg)
    assert line is not None
    heights = [float(y) for y in re.findall(r"[ML][-\d.]+,([-\d.]+)", line.group(1))]
    assert len(heights) == 4 and all(0 <= y <= HEIGHT for y in heights)
    figures = re.search(r'<path aria-label="[^"]*series: LBH"[^>]* d="([^"]+)"', svg)
    assert figures is not None and min(heights) < min(
        float(y) for y in re.findall(r"[ML][-\d.]+,([-\d.]+)", figures.group(1))
    )  # above the figures, as 95 is above 40 and 42


def test_one_level_gets_room_around_it_and_durations_are_in_minutes():
    same = chart_spec(_table(["100", "100"], ["100"] * 4))["encoding"]["y"]["scale"]
    assert same["domain"] == [90, 110]
    zero = chart_spec(_table(["0"], ["0"] * 4))["encoding"]["y"]["scale"]
    assert zero["domain"] == [-1, 1]
    minutes = chart_spec(_table(["150"], ["600"] * 4, "mm:ss"))["encoding"]["y"]["scale"]
    assert minutes["domain"] == [2.5, 10]  # 2:30 and a 10:00 target, in minutes


def test_a_table_with_nothing_to_draw_leaves_the_axis_to_vega():
    no_target = [PeriodCell(Shown("TBC"))] * 4  # a target without a figure
    table = PeriodTable(
        "Quarter", ["Q1", "Q2", "Q3", "Q4"], [PeriodRow("Target", no_target, True)], "%"
    )
    assert "domain" not in chart_spec(table)["encoding"]["y"]["scale"]

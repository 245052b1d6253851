"""The exception pages' charts: one size for all, and the plain SVG the pack uses
draws exactly the picture vl-convert drew."""

from __future__ import annotations

import io
import re

import vl_convert
from PIL import Image, ImageChops
from tests.reports.conftest import make_snapshot

from goldenthread.reports.assemble import assemble
from goldenthread.reports.charts import HEIGHT, WIDTH, chart_spec, plain_svg, render_svg


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

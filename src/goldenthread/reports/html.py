"""The pack as one self-contained, accessible HTML document: its own styles,
charts embedded as SVG with alternative text, every table with a caption and
header cells (`<th scope>`), status always written as a word. The PDF is
rendered from this document, its charts given by reference instead of
embedded (see `reports.pdf`)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path

import jinja2

from goldenthread.reports.content import PackContent
from goldenthread.reports.sections import kind_of

TEMPLATES = Path(__file__).parent / "templates"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_html(pack: PackContent, charts: Mapping[str, str]) -> str:
    """The pack's HTML; `charts` maps a chart's key (an indicator reference) to its
    address (`svg_data_uri` to embed it). The frame (`pack.html`) calls each
    section's macros (`sections/NAME.html`) with the section's content."""
    template = _environment.get_template("pack.html")
    parts = [(_environment.get_template(kind_of(s).html).module, s) for s in pack.sections]
    return template.render(pack=pack, charts=charts, parts=parts)

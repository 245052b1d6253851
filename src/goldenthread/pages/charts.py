"""A chart on a page: the pack's Vega-Lite specification (`reports.charts`)
drawn on the server as inline SVG, an image with its words, sized by the page
(its viewBox kept). The indicator page and a budget line's page draw with it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from goldenthread.reports.charts import render_svg


def drawing(spec: dict[str, Any], description: str) -> SafeString:
    """The chart as inline SVG with `description` as its text alternative."""
    root = ET.fromstring(render_svg(spec))
    for element in root.iter():
        element.tag = element.tag.removeprefix("{http://www.w3.org/2000/svg}")
    root.set("xmlns", "http://www.w3.org/2000/svg")
    root.set("role", "img")
    root.set("aria-label", description)
    root.set("focusable", "false")
    root.set("class", "gt-chart__drawing")
    return mark_safe(ET.tostring(root, encoding="unicode"))  # escaped by ElementTree

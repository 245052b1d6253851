"""`{% download_links "overview:figures_export" %}`: the links under a table
to download it as CSV and Excel, carrying the page's own query string (its
filters), so the file holds the rows the page shows."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("exports/_links.html", takes_context=True)
def download_links(
    context: Any, url_name: str, *args: Any, table: str = "", note: str = ""
) -> dict[str, Any]:
    """Links to the export named `url_name` (its URL takes `args`, then
    `file_format`), with the query string the page was asked for; `table` names
    the table for people who hear the links out of their place; `note` is said
    after the links."""
    request = context["request"]
    query = request.GET.urlencode()
    links = []
    for file_format, label in (("csv", "CSV"), ("xlsx", "Excel (xlsx)")):
        url = reverse(url_name, args=[*args, file_format])
        links.append((url + (f"?{query}" if query else ""), label, file_format))
    return {"links": links, "table": table, "note": note}

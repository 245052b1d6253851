"""A table as a download: CSV or Excel, named after the page and its period."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from goldenthread.exports.table import Table, file_stem
from goldenthread.exports.writers import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes

FORMATS = {"csv": (CSV_TYPE, csv_bytes), "xlsx": (XLSX_TYPE, xlsx_bytes)}
FILE_FORMAT = "csv|xlsx"  # the URL patterns' choice of format


def table_response(table: Table, file_format: str) -> HttpResponse:
    """The table as an attachment in `file_format` ("csv" or "xlsx")."""
    if file_format not in FORMATS:
        raise Http404("No such format")
    content_type, write = FORMATS[file_format]
    response = HttpResponse(write(table), content_type=content_type)
    filename = f"{file_stem(table.filename)}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

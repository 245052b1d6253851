"""The risk register's spreadsheet addresses (namespace `risks_sheets`): the
register's workbook and its import, and the register page's table as CSV or
Excel."""

from django.urls import path, re_path

from goldenthread.exports.responses import FILE_FORMAT
from goldenthread.risks import exports, sheet_views

app_name = "risks_sheets"

urlpatterns = [
    path("", sheet_views.load, name="load"),
    path("register.xlsx", sheet_views.export, name="export"),
    re_path(rf"^risks\.(?P<file_format>{FILE_FORMAT})$", exports.risk_export, name="table"),
]

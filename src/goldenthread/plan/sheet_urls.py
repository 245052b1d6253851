"""The Improvement Plan's spreadsheet addresses (namespace `plan_sheets`):
the actions' workbook and its import, a service's quarterly update as a
workbook, and the plan page's table as CSV or Excel."""

from django.urls import path, re_path

from goldenthread.exports.responses import FILE_FORMAT
from goldenthread.plan import exports, sheet_views

app_name = "plan_sheets"

UPDATE = "update/<int:service_area_id>/<int:year>/<int:quarter>/"

urlpatterns = [
    path("", sheet_views.load, name="load"),
    path("actions.xlsx", sheet_views.export, name="export"),
    path(UPDATE, sheet_views.update_import, name="update"),
    path(UPDATE + "template.xlsx", sheet_views.update_template, name="update_template"),
    re_path(rf"^plan\.(?P<file_format>{FILE_FORMAT})$", exports.plan_export, name="table"),
]

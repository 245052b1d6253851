"""The addresses of the downloads of the overview's tables, the progress
page's and an indicator's figures (`export_views`): the page's address with
.csv or .xlsx, and the page's query string."""

from django.urls import re_path

from goldenthread.exports.responses import FILE_FORMAT
from goldenthread.overview import export_views

app_name = "overview_exports"
urlpatterns = [
    re_path(
        rf"^overview\.(?P<file_format>{FILE_FORMAT})$",
        export_views.overview_figures,
        name="figures",
    ),
    re_path(
        rf"^overview-summary\.(?P<file_format>{FILE_FORMAT})$",
        export_views.overview_summary,
        name="summary",
    ),
    re_path(rf"^progress\.(?P<file_format>{FILE_FORMAT})$", export_views.progress, name="progress"),
    re_path(
        rf"^register/(?P<reference>[^/]+)/figures\.(?P<file_format>{FILE_FORMAT})$",
        export_views.indicator,
        name="indicator",
    ),
]

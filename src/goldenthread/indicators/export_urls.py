"""The register page's table as CSV or Excel (`register_export`)."""

from django.urls import re_path

from goldenthread.exports.responses import FILE_FORMAT
from goldenthread.indicators.register_export import register_export

app_name = "register_export"
urlpatterns = [
    re_path(rf"^register\.(?P<file_format>{FILE_FORMAT})$", register_export, name="table"),
]

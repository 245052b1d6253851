"""The register spreadsheet's pages (their own namespace, mounted before the
register's own URLs so that no indicator reference shadows them)."""

from django.urls import path

from goldenthread.indicators import register_views

app_name = "register_sheet"
urlpatterns = [
    path("", register_views.load, name="load"),
    path("register.xlsx", register_views.export, name="export"),
]

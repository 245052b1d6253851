from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """For its template tag and the links' markup, shared by every table's export."""

    name = "goldenthread.exports"
    verbose_name = "Exports of tables"

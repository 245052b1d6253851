from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Only for its templates: the upload and confirm markup every import shares."""

    name = "goldenthread.imports"
    verbose_name = "Spreadsheet imports"

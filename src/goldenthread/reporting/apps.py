from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "goldenthread.reporting"
    verbose_name = "Reporting rules"

from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "goldenthread.overview"
    verbose_name = "Overview"

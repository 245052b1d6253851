from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "goldenthread.returns"
    verbose_name = "Data returns"

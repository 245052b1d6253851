from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "goldenthread.demo"
    verbose_name = "Demonstration data"

from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "goldenthread.schemes"
    verbose_name = "Status schemes"

from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "goldenthread.packs"
    verbose_name = "Performance packs"

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "goldenthread.organisations"
    verbose_name = "Organisations"

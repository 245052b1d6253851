from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "goldenthread.mfa"
    verbose_name = "Second factor"

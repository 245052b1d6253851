from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "goldenthread.submissions"
    verbose_name = "Submissions"

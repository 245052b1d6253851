from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "goldenthread.web"
    verbose_name = "Site"

    def ready(self) -> None:
        from goldenthread.web import checks  # noqa: F401  (registers the deployment checks)

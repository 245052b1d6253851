from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "goldenthread.returns"
    verbose_name = "Data returns"

    def ready(self) -> None:
        from goldenthread.returns.kind import RETURNS
        from goldenthread.submissions.kinds import register

        register(RETURNS)

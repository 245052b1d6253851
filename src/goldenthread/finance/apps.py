from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "goldenthread.finance"
    verbose_name = "Budget monitoring"

    def ready(self) -> None:
        from goldenthread.finance.kind import FORECASTS
        from goldenthread.submissions.kinds import register

        register(FORECASTS)

from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "goldenthread.finance"
    verbose_name = "Budget monitoring"

    def ready(self) -> None:
        from goldenthread.finance.kind import FORECASTS
        from goldenthread.submissions.kinds import register

        register(FORECASTS)

        from goldenthread.finance.measures import fed_indicators
        from goldenthread.returns import feeds

        feeds.register(fed_indicators)

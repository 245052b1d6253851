from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "goldenthread.risks"
    verbose_name = "Risk register"

    def ready(self) -> None:
        from goldenthread.risks.kind import RISK_REVIEWS
        from goldenthread.submissions.kinds import register

        register(RISK_REVIEWS)

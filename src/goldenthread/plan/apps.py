from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "goldenthread.plan"
    verbose_name = "Improvement Plan"

    def ready(self) -> None:
        from goldenthread.plan.kind import PLAN_UPDATES
        from goldenthread.submissions.kinds import register

        register(PLAN_UPDATES)

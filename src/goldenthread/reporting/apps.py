from collections.abc import Mapping

from django.apps import AppConfig


def scheme_uses() -> Mapping[str, str]:
    """The scheme whose statuses are the summary's columns."""
    from goldenthread.reporting.selectors import reporting_rules

    return {reporting_rules().summary_scheme: "the summary's columns (reporting rules)"}


class ReportingConfig(AppConfig):
    name = "goldenthread.reporting"
    verbose_name = "Reporting rules"

    def ready(self) -> None:
        from goldenthread.schemes.usage import register

        register(scheme_uses)

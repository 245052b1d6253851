from collections.abc import Mapping

from django.apps import AppConfig


def scheme_uses() -> Mapping[str, str]:
    """How many indicators (retired ones too) name each status scheme."""
    from django.db.models import Count

    from goldenthread.indicators.models import Indicator
    from goldenthread.schemes.usage import counted

    rows = Indicator.objects.values("scheme").annotate(n=Count("id"))
    return {row["scheme"]: counted(row["n"], "indicator", "indicators") for row in rows}


class IndicatorsConfig(AppConfig):
    name = "goldenthread.indicators"
    verbose_name = "Indicator register"

    def ready(self) -> None:
        from goldenthread.schemes.usage import register

        register(scheme_uses)

"""goldenthread's own deployment checks, run by `goldenthread check --deploy`
beside Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from goldenthread.config import environment as env


@register(Tags.security, deploy=True)
def check_secret_key_is_not_the_development_key(**kwargs: Any) -> list[Error]:
    if settings.SECRET_KEY != env.DEBUG_SECRET_KEY:
        return []
    return [
        Error(
            f"SECRET_KEY is goldenthread's published development key ({env.DEBUG.name} is on "
            f"and {env.SECRET_KEY.name} is not set): anyone could forge a signed-in session.",
            hint=f"Set {env.SECRET_KEY.name} to a long random secret and turn {env.DEBUG.name} "
            "off (docs/deploy.md).",
            id="goldenthread.E001",
        )
    ]

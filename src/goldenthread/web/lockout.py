"""The answer to a sign-in that django-axes refuses because of too many failures.

Axes counts failed sign-ins per username and per address (settings: `AXES_*`);
after 10 within 6 minutes of each other it refuses that username from any
address, and that address for any username, until 6 minutes after the last
counted failure. This page says so, and when the person may try again. It is
the same page for a username that exists and one that does not, so it tells an
attacker nothing about which accounts exist.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from axes.helpers import (
    get_client_parameters,
    get_client_username,
    get_cool_off,
    get_failure_limit,
)
from axes.models import AccessAttempt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

LOCKED_OUT_STATUS = 429  # Too Many Requests


def forwarded_client_address(request: HttpRequest) -> str | None:
    """The person's address behind a declared proxy (`GOLDENTHREAD_BEHIND_PROXY`):
    the last entry of X-Forwarded-For, the one the proxy itself appended. Earlier
    entries come from the browser and could be anything; without the header the
    connection's own address."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    return entries[-1] if entries else request.META.get("REMOTE_ADDR")


def lifted_at(request: HttpRequest, credentials: dict[str, Any] | None) -> datetime.datetime:
    """When the lockout that refused this request ends.

    For each thing counted (the username; the address) the failures still
    inside the cool-off are summed from the newest back; the lock on it lifts
    when the failure that brought the sum to the limit leaves the cool-off."""
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    limit = get_failure_limit(request, credentials)
    now: datetime.datetime = getattr(request, "axes_attempt_time", None) or timezone.now()
    username = get_client_username(request, credentials)
    ends = now
    for filters in get_client_parameters(
        username,
        getattr(request, "axes_ip_address", None),
        getattr(request, "axes_user_agent", None),
        request,
        credentials,
    ):
        counted = 0
        for attempt in AccessAttempt.objects.filter(
            **filters, attempt_time__gte=now - cool_off
        ).order_by("-attempt_time"):
            counted += attempt.failures_since_start
            if counted >= limit:
                ends = max(ends, attempt.attempt_time + cool_off)
                break
    if ends == now:  # locked by a rule the sum above does not see: a whole cool-off
        ends = now + cool_off
    return ends


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Axes' `AXES_LOCKOUT_CALLABLE`: a GOV.UK-style page, 429 Too Many Requests."""
    ends = lifted_at(request, credentials)
    now: datetime.datetime = getattr(request, "axes_attempt_time", None) or timezone.now()
    try_again_at = _first_whole_minute_after(ends)
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    response = render(
        request,
        "web/locked_out.html",
        {
            "try_again_at": timezone.localtime(try_again_at),
            "minutes": math.ceil((try_again_at - now).total_seconds() / 60),
            "failure_limit": get_failure_limit(request, credentials),
            "cool_off_minutes": round(cool_off.total_seconds() / 60),
        },
        status=LOCKED_OUT_STATUS,
    )
    # the lock holds while the counted failure is within the cool-off, so the second after
    response["Retry-After"] = str(max(0, math.floor((ends - now).total_seconds())) + 1)
    return response


def _first_whole_minute_after(moment: datetime.datetime) -> datetime.datetime:
    """The time to show: a whole minute, at which trying again always works."""
    return moment.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)

"""Writes to people's second factors: setting up an authenticator app (django-otp's
`TOTPDevice`), checking a code at sign-in, recovery codes (a `StaticDevice`, each
code usable once) and the performance team's reset. Each in one transaction, and
recorded in the audit log (never the secret or the codes)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.audit.models import Action
from goldenthread.audit.services import event_record
from goldenthread.mfa.selectors import newest_device

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


@dataclass(frozen=True)
class Check:
    """The answer to a code: the device that accepted it, or none; `wait_seconds`
    above 0 when the code was not even checked (too many wrong codes in a row)."""

    device: Device | None
    wait_seconds: int = 0


def _wait_seconds(device: Any) -> int:
    """How long django-otp's throttling still refuses to check codes on `device`:
    after n wrong codes in a row, 2^(n-1) seconds from the last one."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    until = (details or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def _record(user: Any, *, before: dict[str, Any], after: dict[str, Any], by: Any = None) -> None:
    event_record(
        action=Action.CHANGED,
        obj=user,
        object_text=user.get_username(),
        before=before,
        after=after,
        actor=by,
    )


def _recovery_codes_replace(user: Any) -> list[str]:
    device = StaticDevice.objects.filter(user=user).order_by("id").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    device.token_set.all().delete()
    device.throttle_reset(commit=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def authenticator_start(*, user: Any) -> TOTPDevice:
    """The authenticator app being set up: an unconfirmed device with a new random
    secret, kept until confirmed (reloading the page shows the same secret)."""
    pending = newest_device(TOTPDevice.objects, user, confirmed=False)
    return pending or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def authenticator_confirm(*, user: Any, code: str) -> tuple[Check, list[str]]:
    """Check `code` against the app being set up. If it is right, the app becomes
    the person's second factor (replacing any earlier one) and 10 new recovery
    codes replace any earlier ones; they are returned to be shown once."""
    with transaction.atomic():
        device = newest_device(TOTPDevice.objects.select_for_update(), user, confirmed=False)
        if device is None:
            return Check(None), []
        wait = _wait_seconds(device)
        if wait:
            return Check(None, wait), []
        if not device.verify_token(code):  # a wrong code counts towards the throttle
            return Check(None), []
        replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0]
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        _record(
            user,
            before={"second_factor": "authenticator app" if replaced else "none"},
            after={"second_factor": "new authenticator app", "recovery_codes": len(codes)},
        )
    return Check(device), codes


def second_factor_check(*, user: Any, code: str) -> Check:
    """Check a code at sign-in: six digits against the person's authenticator app,
    anything else against their recovery codes (a recovery code is used up).
    After a wrong code the device refuses to check any for 1 s, then 2 s, 4 s...
    after each further wrong one (django-otp's throttling), so codes cannot be
    guessed; a right code resets it."""
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        device = newest_device(model.objects.select_for_update(), user, confirmed=True)
        if device is None:
            return Check(None)
        wait = _wait_seconds(device)
        if wait:
            return Check(None, wait)
        if device.verify_token(code):
            if model is StaticDevice:
                left = device.token_set.count()
                _record(user, before={}, after={"recovery_code_used": True, "left": left})
            return Check(device)
        event_record(
            action=Action.SIGN_IN_REFUSED,
            obj=user,
            actor=user,
            object_text="second factor refused",
        )
    return Check(None)


def recovery_codes_issue(*, user: Any) -> list[str]:
    """Replace a person's recovery codes with 10 new ones (shown once)."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        _record(user, before={}, after={"recovery_codes": "new set", "left": len(codes)})
    return codes


def second_factor_reset(*, person: Any, by: Any) -> bool:
    """Remove a person's authenticator app and recovery codes (they lost their
    phone): their sessions lose the second factor at once, and at their next
    sign-in they set up a new app. Returns whether they had one."""
    with transaction.atomic():
        had = TOTPDevice.objects.filter(user=person, confirmed=True).exists()
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        _record(
            person,
            before={"second_factor": "authenticator app" if had else "none"},
            after={"second_factor": "reset"},
            by=by,
        )
    return had

"""The signed preview: between preview and apply nothing is kept on the
server; the checked rows travel to the browser and back signed
(docs/decisions/0006), bound to the person and the page they were made for."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied

from goldenthread.imports.pipeline import ImportRefused

PREVIEW_HOURS = 2


def _salt(kind: str) -> str:
    return f"goldenthread.{kind}-import"


def sign_preview(
    payload: dict[str, Any], *, kind: str, user_id: Any, bound_to: tuple[dict[str, Any], str]
) -> str:
    """The payload signed for `user_id` and for what `bound_to` names (a key
    and its name in messages)."""
    key, named = bound_to
    signed = {**payload, "user": user_id, "made_for": {**key, "named": named}}
    return signing.dumps(signed, salt=_salt(kind), compress=True)


def open_preview(
    token: str, *, kind: str, user_id: Any, bound_to: tuple[dict[str, Any], str], noun: str
) -> dict[str, Any]:
    """The payload of a signed preview. `ImportRefused` when it expired, was
    altered or was made on another page (`bound_to` is the page it was sent
    to); `PermissionDenied` when it was made for someone else."""
    try:
        payload: dict[str, Any] = signing.loads(
            token, salt=_salt(kind), max_age=PREVIEW_HOURS * 3600
        )
    except signing.SignatureExpired:
        raise ImportRefused(["The preview has expired: upload the file again."]) from None
    except signing.BadSignature:
        raise ImportRefused(["The preview was altered: upload the file again."]) from None
    if payload.get("user") != user_id:
        raise PermissionDenied("This preview was made for someone else")
    made_for = payload.get("made_for")
    made_for = made_for if isinstance(made_for, dict) else {}
    key, named = bound_to
    if any(made_for.get(k) != v for k, v in key.items()):
        raise ImportRefused(
            [
                f"This preview was made for {made_for.get('named') or 'another ' + noun}, not "
                f"{named} it was sent to. Nothing was imported: upload the file again on the "
                f"page of the {noun} it is for."
            ]
        )
    return payload

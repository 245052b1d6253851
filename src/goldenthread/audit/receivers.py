"""What feeds the audit log: django-simple-history's signal for every tracked
model, Django's model signals for people's accounts (not tracked by history),
and Django's sign-in signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from simple_history.signals import post_create_historical_record

from goldenthread.audit import services

NOT_CHANGES = frozenset({"last_login"})  # signing in updates it: recorded as signing in


def _history_written(sender: Any, instance: Any, history_instance: Any, **_: Any) -> None:
    services.history_recorded(history_row=history_instance, instance=instance)


def _account_loaded(sender: Any, instance: Any, update_fields: Any = None, **_: Any) -> None:
    if update_fields is not None and set(update_fields) <= NOT_CHANGES:
        return
    stored = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_before = services.account_state(stored) if stored else None


def _account_saved(
    sender: Any, instance: Any, created: bool, update_fields: Any = None, **_: Any
) -> None:
    if update_fields is not None and set(update_fields) <= NOT_CHANGES:
        return
    services.account_changed(
        user=instance, before=getattr(instance, "_audit_before", None), created=created
    )


def _account_deleted(sender: Any, instance: Any, **_: Any) -> None:
    services.account_deleted(user=instance)


def _signed_in(sender: Any, request: Any, user: Any, **_: Any) -> None:
    services.signed_in(user=user)


def _signed_out(sender: Any, request: Any, user: Any, **_: Any) -> None:
    services.signed_out(user=user)


def _sign_in_refused(sender: Any, credentials: dict[str, Any], **_: Any) -> None:
    username_field = get_user_model().USERNAME_FIELD
    services.sign_in_refused(username=str(credentials.get(username_field, "")))


def connect() -> None:
    post_create_historical_record.connect(_history_written, dispatch_uid="audit-history")
    user = get_user_model()
    pre_save.connect(_account_loaded, sender=user, dispatch_uid="audit-account-before")
    post_save.connect(_account_saved, sender=user, dispatch_uid="audit-account")
    post_delete.connect(_account_deleted, sender=user, dispatch_uid="audit-account-deleted")
    user_logged_in.connect(_signed_in, dispatch_uid="audit-signed-in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit-signed-out")
    user_login_failed.connect(_sign_in_refused, dispatch_uid="audit-sign-in-refused")

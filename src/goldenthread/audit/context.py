"""Where a change came from: the web request (its id, also sent back as the
`X-Request-Id` header) or the management command (`command:<name>:<run id>`) it
was made in. Held in a context variable, so each request and command has its own."""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand
from django.http import HttpRequest


@dataclass(frozen=True)
class Origin:
    trail: str  # the request id, or command:<name>:<run id>
    request: HttpRequest | None = None


_origin: ContextVar[Origin | None] = ContextVar("goldenthread_audit_origin", default=None)


def current() -> Origin | None:
    return _origin.get()


def new_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def request_origin(request: HttpRequest, request_id: str) -> Iterator[Origin]:
    token = _origin.set(Origin(request_id, request))
    try:
        yield _origin.get()  # type: ignore[misc]
    finally:
        _origin.reset(token)


@contextlib.contextmanager
def command_origin(name: str) -> Iterator[None]:
    """Label what a management command changes, unless it runs inside another
    command or a request (which keep their own label)."""
    if _origin.get() is not None:
        yield
        return
    token = _origin.set(Origin(f"command:{name}:{new_id()[:12]}"))
    try:
        yield
    finally:
        _origin.reset(token)


def label_management_commands() -> None:
    """Run every management command (goldenthread's, Django's, call_command's) in a
    command origin: Django has no signal for a command starting, so its one entry
    point, `BaseCommand.execute`, is wrapped once."""
    original = BaseCommand.execute
    if getattr(original, "labels_audit_origin", False):
        return

    @functools.wraps(original)
    def execute(self: BaseCommand, *args: Any, **options: Any) -> Any:
        with command_origin(type(self).__module__.rpartition(".")[2]):
            return original(self, *args, **options)

    execute.labels_audit_origin = True  # type: ignore[attr-defined]
    BaseCommand.execute = execute  # type: ignore[method-assign]

"""Give each request an id: on every audit event it causes, and sent back as the
`X-Request-Id` header (so a person reporting a problem can quote it)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from goldenthread.audit import context

REQUEST_ID_HEADER = "X-Request-Id"


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = context.new_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        with context.request_origin(request, request_id):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response

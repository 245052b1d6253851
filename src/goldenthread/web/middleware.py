"""Headers on every answer the application itself gives (static files, served
by WhiteNoise before this middleware, keep their long caching).

- `Permissions-Policy`: goldenthread uses no camera, microphone, location,
  payment or device APIs, so no page (nor anything injected into one) may.
- `Cache-Control: private, no-store` on everything answered to a signed-in
  person, pages and downloads alike: a council's figures, returns and packs are
  not kept by the browser's cache or a shared proxy, and the Back button after
  signing out on a shared computer does not show them again.

The Content-Security-Policy comes from django-csp's middleware (settings:
`CONTENT_SECURITY_POLICY`); see docs/decisions/0015.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

DENIED_FEATURES = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)
SIGNED_IN_CACHE_CONTROL = "private, no-store"


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy everywhere and no-store for signed-in people.

    Placed after AuthenticationMiddleware, which gives it `request.user`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # replaces, not merges: "max-age=600, no-store" would be a contradiction
            response["Cache-Control"] = SIGNED_IN_CACHE_CONTROL
        return response

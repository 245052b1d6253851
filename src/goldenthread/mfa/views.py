"""The second-factor pages: the code at sign-in, setting up an authenticator app,
recovery codes, a person's own summary, and the performance team's reset."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.mfa import selectors, services
from goldenthread.mfa.forms import NOT_RIGHT, CodeForm, SetupCodeForm, too_many
from goldenthread.mfa.qr import qr_svg
from goldenthread.people.access import scope_of
from goldenthread.people.selectors import has_authenticator

FORM_METHODS = ["GET", "HEAD", "POST"]


def _next(request: HttpRequest) -> str:
    """Where to go once the second factor is passed: the page asked for, if it is
    on this site, else the overview."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(request: HttpRequest, name: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next")
    return reverse(name) + (f"?{urlencode({'next': wanted})}" if wanted else "")


def _verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _pass(request: HttpRequest, device: Any) -> None:
    """The person passed their second factor: a new session id for the stronger
    session, which django-otp then marks with the device."""
    request.session.cycle_key()
    django_otp.login(request, device)


def _refusal(form: Any, check: services.Check) -> int:
    form.add_error("code", too_many(check.wait_seconds) if check.wait_seconds else NOT_RIGHT)
    return 429 if check.wait_seconds else 400


def _errors(form: Any) -> list[tuple[str, str]]:
    return [(form["code"].auto_id, message) for message in form.errors.get("code", [])]


@require_http_methods(FORM_METHODS)
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the 6-digit code from your authenticator app (or a recovery code)."""
    if not has_authenticator(request.user):
        return redirect(_with_next(request, "mfa:setup"))
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            check = services.second_factor_check(user=request.user, code=form.cleaned_data["code"])
            if check.device is not None:
                _pass(request, check.device)
                return redirect(_next(request))
            status = _refusal(form, check)
    context = {"form": form, "errors": _errors(form), "next": _next(request)}
    return render(request, "mfa/verify.html", context, status=status)


@require_http_methods(FORM_METHODS)
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: its secret as text and as a QR code, confirmed
    with a code from it; then 10 recovery codes, shown once."""
    user = request.user
    if has_authenticator(user) and not _verified(request):
        # with the password alone nobody may replace a person's app
        return redirect(_with_next(request, "mfa:verify"))
    form = SetupCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            check, codes = services.authenticator_confirm(user=user, code=form.cleaned_data["code"])
            if check.device is not None:
                _pass(request, check.device)
                return _recovery_codes_page(request, codes, first=True)
            status = _refusal(form, check)
    device = services.authenticator_start(user=user)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "errors": _errors(form),
        "next": _next(request),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "qr": qr_svg(device.config_url, label="QR code holding the key below"),
        "required": selectors.second_factor_required(user),
        "replacing": has_authenticator(user),
    }
    return render(request, "mfa/setup.html", context, status=status)


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    shown = [f"{code[:4]}-{code[4:]}" for code in codes]
    context = {"codes": shown, "first": first, "next": _next(request)}
    response = render(request, "mfa/recovery_codes.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(FORM_METHODS)
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes (the old ones stop working); GET shows the summary."""
    if not has_authenticator(request.user):
        return redirect("mfa:setup")
    if request.method != "POST":
        return redirect("mfa:manage")
    codes = services.recovery_codes_issue(user=request.user)
    return _recovery_codes_page(request, codes, first=False)


@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    """A person's own second factor: whether it is set up, and recovery codes left."""
    user = request.user
    context = {
        "device": selectors.authenticator_of(user),
        "codes_left": selectors.recovery_codes_left(user),
        "required": selectors.second_factor_required(user),
    }
    return render(request, "mfa/manage.html", context)


@require_http_methods(FORM_METHODS)
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    """The performance team resets a person's second factor (a lost phone)."""
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team resets a second factor")
    person = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        services.second_factor_reset(person=person, by=request.user)
        messages.success(
            request,
            f"{person.username}'s second factor is reset: they set up a new "
            "authenticator app when they next sign in.",
        )
        return redirect("people:edit", pk=person.pk)
    context = {
        "person": person,
        "has_second_factor": has_authenticator(person),
        "required": selectors.second_factor_required(person),
    }
    return render(request, "mfa/reset.html", context)

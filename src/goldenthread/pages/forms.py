"""The page of one form: the GOV.UK error summary's entries, and the page
itself (status 400 when it is shown with errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def error_summary(form: forms.Form) -> list[tuple[str, str]]:
    """(field id, message) pairs for the GOV.UK error summary, in the form's
    order; errors about the whole form come first and link nowhere."""
    if not form.is_bound:
        return []
    pairs = [("", message) for message in form.errors.get(NON_FIELD_ERRORS, [])]
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        field = form[name]
        anchor = field.auto_id if field.widget_type != "checkboxselectmultiple" else ""
        anchor = anchor or f"{field.auto_id}_0"
        pairs += [(anchor, f"{field.label}: {message}") for message in messages]
    return pairs


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    heading: str,
    cancel_url: str,
    caption: str = "",
    template: str = "web/form_page.html",
    **extra: Any,
) -> HttpResponse:
    """A page with one form on it, its errors summarised above it (`template`, with
    `extra` in its context, may extend web/form_page.html to add to the page)."""
    errors = error_summary(form)
    context = {
        "form": form,
        "errors": errors,
        "heading": heading,
        "caption": caption,
        "cancel_url": cancel_url,
        **extra,
    }
    return render(request, template, context, status=400 if errors else 200)

"""The page of one form: the GOV.UK error summary's entries, and the page
itself (status 400 when it is shown with errors); and every form's error
messages in GOV.UK words (`GovukErrorMessages`)."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from typing import Any
from urllib.parse import unquote

from django import forms
from django.core import validators
from django.forms.forms import NON_FIELD_ERRORS
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, resolve, reverse


def _article(words: str) -> str:
    return "an" if words[:1].lower() in "aeio" else "a"


_ASKING = re.compile(r"^(Enter|Select|Choose) (?:the |a |an |your )?", re.IGNORECASE)


def error_messages(field: forms.Field, label: str) -> dict[str, str]:
    """GOV.UK error messages for a field, written from its label: "Enter a
    reference", "Select a directorate" (choices), "Reference must be 30 characters
    or fewer", instead of Django's "This field is required." A label that already
    asks ("Enter the 6-digit code ...") is the message when it is left empty."""
    name = re.sub(r"\s*\([^)]*\)$", "", label.strip().rstrip(":")) or "a value"
    asking = _ASKING.match(name)
    if asking:
        words = name[asking.end() :]
        subject = f"The {words}"
    else:
        words = name if name[:2].isupper() else name[0].lower() + name[1:]
        subject = name[0].upper() + name[1:]
    # Django %-formats the messages it gives parameters to (a limit, the value)
    said, quoted = subject.replace("%", "%%"), words.replace("%", "%%")
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)
    several = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if asking:
        required = name
    elif several:
        required = f"Select the {words}"
    elif choosing or isinstance(field, forms.FileField):
        required = f"Select {_article(words)} {words}"
    else:
        required = f"Enter {_article(words)} {words}"
    messages = {
        "required": required,
        "max_length": f"{said} must be %(limit_value)d characters or fewer",
        "min_length": f"{said} must be %(limit_value)d characters or more",
        "max_value": f"{said} must be %(limit_value)s or less",
        "min_value": f"{said} must be %(limit_value)s or more",
        "invalid_choice": f"Select {_article(words)} {quoted} from the list",
        "invalid_list": f"Select {_article(words)} {quoted} from the list",
        "invalid_pk_value": f"Select {_article(words)} {quoted} from the list",
        "max_digits": f"{said} must have no more than %(max)s digits",
        "max_decimal_places": f"{said} must have no more than %(max)s decimal places",
        "max_whole_digits": f"{said} must have no more than %(max)s digits before the point",
        "step_size": f"{said} must be a multiple of %(limit_value)s",
        "invalid": _invalid(field, subject),
        "empty": f"The {words} you chose is empty",
        "missing": f"Select {_article(words)} {words}",
        "contradiction": f"Either select a new {words} or tick to clear it, not both",
        "invalid_image": f"Select an image for the {words}",
        "incomplete": f"Enter the whole {words}",
    }
    return messages


def _invalid(field: forms.Field, subject: str) -> str:
    if isinstance(field, forms.IntegerField):
        return f"{subject} must be a whole number"
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return f"{subject} must be a number"
    if isinstance(field, forms.DateTimeField):
        return f"{subject} must be a real date and time"
    if isinstance(field, forms.DateField):
        return f"{subject} must be a real date, like 31/3/2020"
    if isinstance(field, forms.EmailField):
        return "Enter a valid email address, like name@example.com"
    if isinstance(field, forms.FileField):
        return f"{subject} must be a file"
    return f"{subject} is not in the right format"


class GovukErrorMessages:
    """A form mixin (put it first among the bases): every field's messages in
    GOV.UK words, written from its label (`error_messages`), where the form has
    not set its own. Every form of the application uses it; a test walks them."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        """Written when the form is checked, so that fields a form adds or labels
        in its own `__init__` have them too."""
        self.write_error_messages()
        super().full_clean()  # type: ignore[misc]

    def write_error_messages(self) -> None:
        for name, field in self.fields.items():
            label = str(field.label) if field.label else name.replace("_", " ")
            own = {
                code: message
                for code, message in field.error_messages.items()
                if str(message) not in django_messages()
            }
            field.error_messages = {**field.error_messages, **error_messages(field, label), **own}


@functools.cache
def django_messages() -> frozenset[str]:
    """Django's own English messages for form fields and their validators."""
    found: set[str] = set()
    for cls in vars(forms).values():
        if isinstance(cls, type) and issubclass(cls, forms.Field):
            for klass in cls.__mro__:
                found |= {str(m) for m in getattr(klass, "default_error_messages", {}).values()}
    for validator in vars(validators).values():
        message = getattr(validator, "message", None)
        if isinstance(validator, type) and message:
            found.add(str(message))
    found |= {str(m) for m in validators.DecimalValidator.messages.values()}
    return frozenset(found - {""})  # (the length validators' messages are plural forms)


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


REFERENCE_RULE = "use letters, digits and dashes, with no spaces or /"
_SHORT_REFERENCE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,19}$")


def short_reference(text: str, view_name: str, example: str) -> str:
    """A plan action's or a risk's reference as typed (up to 20 letters, digits
    and dashes, starting with a letter, that can be its page's address), else
    ValidationError with the reason."""
    reference = text.strip()
    if not _SHORT_REFERENCE.match(reference):
        raise forms.ValidationError(
            "Enter a reference of up to 20 letters, digits and dashes, starting with a "
            f"letter (e.g. {example})"
        )
    problem = reference_problem(reference, view_name)
    if problem:
        raise forms.ValidationError(problem[0].upper() + problem[1:])
    return reference


def reference_problem(reference: str, view_name: str) -> str | None:
    """Why `reference` cannot name a register's entry whose page is `view_name`
    (an indicator, an action, a risk), or None. The page's address is made from
    the reference and must lead back to it: a `/` cannot be in an address, and
    `new` or `settings` lead to another page of the register."""
    if not reference or any(c.isspace() for c in reference) or not reference.strip("."):
        return REFERENCE_RULE
    try:
        address = reverse(view_name, args=[reference])
    except NoReverseMatch:
        return REFERENCE_RULE
    found = resolve(unquote(address))
    if found.view_name != view_name or found.kwargs.get("reference") != reference:
        return f"'{reference}' is the address of another register page ({address}): choose another"
    return None


def entry_fingerprint(instance: Any, fields: Any) -> str:
    """A register entry's stored values for the fields a form edits, as a short
    hash: what the person saw when they opened the form."""
    data = model_to_dict(instance, fields=fields)
    for name, value in data.items():
        if isinstance(value, list):  # many-to-many: the linked rows
            data[name] = sorted(str(getattr(v, "pk", v)) for v in value)
    text = json.dumps(data, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


class ChangedMeanwhile:
    """A ModelForm mixin (after `GovukErrorMessages`): a register entry saved by
    someone else after this person opened it is not overwritten unseen. The
    form carries what the person saw (`seen`); if the stored entry differs, the
    save is refused with who changed it and when, the person's entries stay on
    the page, and saving again (having looked) keeps theirs."""

    noun = "entry"
    instance: Any
    fields: dict[str, forms.Field]
    data: Any
    initial: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen"] = forms.CharField(required=False, widget=forms.HiddenInput)
        if self.instance.pk:
            self.initial["seen"] = entry_fingerprint(self.instance, self._edited())

    def _edited(self) -> list[str]:
        return [name for name in self.fields if name != "seen"]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        if not self.instance.pk or self.add_prefix("seen") not in self.data:  # type: ignore[attr-defined]
            return data  # a new entry, or a spreadsheet's row (the sheet checks its own)
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if stored is None:
            return data
        now = entry_fingerprint(stored, self._edited())
        if data.get("seen") != now:
            last = stored.history.select_related("history_user").first()
            who = last.history_user if last is not None else None
            name = (who.get_full_name() or who.get_username()) if who else "Someone else"
            when = f" on {last.history_date:%-d %B %Y at %H:%M}" if last is not None else ""
            self.add_error(  # type: ignore[attr-defined]
                None,
                f"{name} changed this {self.noun}{when}, after you opened it. Your changes "
                f"are still here: open the {self.noun} in another tab to see theirs, then "
                "save again to keep yours.",
            )
            self.data = self.data.copy()
            self.data[self.add_prefix("seen")] = now  # type: ignore[attr-defined]
        return data

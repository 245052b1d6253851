"""Every form's messages are in GOV.UK words, written from each field's label
("Enter a reference", "Select a directorate", "Reference must be 30 characters
or fewer"), never Django's default English ("This field is required.")."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import goldenthread
from goldenthread.domain.judgements import CONFIDENCE, PROGRESS
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.risk_matrix import DEFAULT
from goldenthread.domain.values import Unit
from goldenthread.finance.models import BudgetLine
from goldenthread.imports.forms import WorkbookUploadForm
from goldenthread.pages.forms import GovukErrorMessages, django_messages, error_messages
from goldenthread.plan.models import Action
from goldenthread.risks.models import Risk

Q1 = Quarter(FinancialYear(2019), 1)


def form_classes() -> list[type[forms.BaseForm]]:
    """Every form class of the application (each app's forms module imported)."""
    for module in pkgutil.walk_packages(goldenthread.__path__, "goldenthread."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("goldenthread.") and "admin" not in cls.__module__:
            found.append(cls)
    return sorted(set(found), key=lambda c: c.__qualname__)


def made(cls, world):
    """An unbound form of `cls`, with what its constructor needs."""
    needs = {
        "ReturnForm": {"indicators": [world.payroll_on_time], "quarter": Q1},
        "TargetsForm": {
            "organisations": [world.lbh],
            "unit": Unit.PERCENT,
            "year": Q1.financial_year,
        },
        "BuildPackForm": {"quarters": [Q1]},
        "WorkbookUploadForm": {"label": "Workbook", "help_text": ""},
        "ActionUpdateForm": {"action": Action(), "scale": PROGRESS, "second": CONFIDENCE},
        "ExplanationsForm": {"scale": PROGRESS},
        "ScalesForm": {"current": {"progress": PROGRESS, "confidence": CONFIDENCE}},
        "ActionRowForm": {"texts": {}},
        "RiskForm": {"matrix": DEFAULT},
        "RiskRowForm": {"texts": {}, "matrix": DEFAULT},
        "AppetiteForm": {"matrix": DEFAULT},
        "ReviewForm": {"risk": Risk(), "matrix": DEFAULT},
        "MatrixForm": {"matrix": DEFAULT},
        "ForecastLineForm": {"line": BudgetLine(code="AM1")},
    }
    return cls(**needs.get(cls.__name__, {}))


def test_every_form_of_the_application_is_found():
    names = {c.__name__ for c in form_classes()}
    assert {"IndicatorForm", "PersonForm", "OrganisationForm", "ReturnForm", "CodeForm"} <= names
    assert {"BuildPackForm", "DecisionForm", "TargetsForm", "WorkbookUploadForm"} <= names


def test_every_form_writes_its_messages_in_govuk_words(world):
    defaults = django_messages()
    assert "This field is required." in defaults  # the list is Django's own
    wrong = []
    for cls in form_classes():
        if cls is not WorkbookUploadForm:  # imports sits beside pages: its own words
            assert issubclass(cls, GovukErrorMessages), cls
        form = made(cls, world)
        if isinstance(form, GovukErrorMessages):
            form.write_error_messages()
        for name, field in form.fields.items():
            if field.required and "required" not in field.error_messages:
                wrong.append(f"{cls.__name__}.{name}: no required message")
            if getattr(field, "max_length", None) and "max_length" not in field.error_messages:
                wrong.append(f"{cls.__name__}.{name}: no max_length message")
            for code, message in field.error_messages.items():
                if str(message) in defaults or str(message).startswith("Ensure this value"):
                    wrong.append(f"{cls.__name__}.{name} {code}: {message}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("field", "label", "code", "message"),
    [
        (forms.CharField(), "Reference", "required", "Enter a reference"),
        (forms.CharField(), "Title", "required", "Enter a title"),
        (forms.CharField(), "Email address", "required", "Enter an email address"),
        (forms.ChoiceField(), "Directorate", "required", "Select a directorate"),
        (forms.ChoiceField(), "Unit", "invalid_choice", "Select a unit from the list"),
        (forms.MultipleChoiceField(), "Councils", "required", "Select the councils"),
        (
            forms.CharField(),
            "Reference",
            "max_length",
            "Reference must be %(limit_value)d characters or fewer",
        ),
        (
            forms.IntegerField(),
            "Decimal places",
            "invalid",
            "Decimal places must be a whole number",
        ),
        (forms.CharField(), "Enter the 6-digit code", "required", "Enter the 6-digit code"),
        (
            forms.CharField(),
            "Enter the 6-digit code",
            "max_length",
            "The 6-digit code must be %(limit_value)d characters or fewer",
        ),
        (forms.CharField(), "Reason (needed to send back)", "required", "Enter a reason"),
    ],
)
def test_messages_are_written_from_the_label(field, label, code, message):
    assert error_messages(field, label)[code] == message


def test_a_label_with_a_percent_sign_is_not_taken_for_a_placeholder():
    field = forms.CharField(max_length=5, label="% of payroll payments")
    form = type("F", (GovukErrorMessages, forms.Form), {"figure": field})({"figure": "123456"})
    assert form.errors["figure"] == ["% of payroll payments must be 5 characters or fewer"]
    empty = type(
        "G", (GovukErrorMessages, forms.Form), {"figure": forms.CharField(label="% paid")}
    )({})
    assert empty.errors["figure"] == ["Enter a % paid"]


def test_a_forms_own_message_is_kept():
    field = forms.CharField(error_messages={"required": "Choose the file to upload"})
    form = type("F", (GovukErrorMessages, forms.Form), {"upload": field})({})
    assert form.errors["upload"] == ["Choose the file to upload"]


def test_an_empty_indicator_says_what_to_enter(client_for, world):
    response = client_for("performance").post(reverse("indicators:new"), {"reference": ""})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Enter a reference" in text
    assert "This field is required." not in text
    assert "Select a valid choice" not in text


def test_a_huge_reference_is_refused_in_plain_words(client_for, world):
    response = client_for("performance").post(reverse("indicators:new"), {"reference": "X" * 5000})
    text = response.content.decode()
    assert "Reference must be" in text and "characters or fewer" in text
    assert "Ensure this value" not in text

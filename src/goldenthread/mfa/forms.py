"""The one field of the second-factor pages: a code, typed as people type it
(spaces or a hyphen between the groups, any case)."""

from __future__ import annotations

import re

from django import forms

from goldenthread.pages.forms import GovukErrorMessages

ENTER_THE_CODE = "Enter the code from your authenticator app"
NOT_RIGHT = "The code is not right, or has expired"
APP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")  # django-otp's StaticToken.random_token()


def too_many(seconds: int) -> str:
    wait = f"{seconds} seconds" if seconds < 120 else f"{-(-seconds // 60)} minutes"
    return f"Too many wrong codes: wait {wait}, then try again"


def normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


class CodeForm(GovukErrorMessages, forms.Form):
    """At sign-in: the app's 6-digit code, or one of the person's recovery codes."""

    accepts_recovery_codes = True

    code = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        max_length=40,
        error_messages={"required": ENTER_THE_CODE},
    )

    def clean_code(self) -> str:
        code = normalised(self.cleaned_data["code"])
        if APP_CODE.fullmatch(code):
            return code
        if self.accepts_recovery_codes and RECOVERY_CODE.fullmatch(code):
            return code
        raise forms.ValidationError(NOT_RIGHT)


class SetupCodeForm(CodeForm):
    """Setting up: the app's 6-digit code only."""

    accepts_recovery_codes = False

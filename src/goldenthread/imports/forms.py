"""The upload of a workbook, the same for every import."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.workbooks.safety import MAX_FILE_BYTES, too_large


class WorkbookUploadForm(forms.Form):
    """An uploaded .xlsx (`workbook`), labelled by each import, refused unread
    when it is larger than any workbook taken."""

    workbook = forms.FileField()

    def __init__(
        self,
        *args: Any,
        label: str,
        help_text: str,
        required_message: str = "Choose the .xlsx file to upload",
        size_advice: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["workbook"]
        field.label, field.help_text = label, help_text
        field.error_messages = {
            **field.error_messages,
            "required": required_message,
            "missing": required_message,
            "invalid": "The file could not be read: choose an .xlsx file",
            "max_length": "The file's name must be %(max)d characters or fewer",
            "contradiction": required_message,
            "empty": "The file you chose is empty",
        }
        self.size_advice = size_advice  # added to the message about a file too large

    def clean_workbook(self) -> object:
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"{too_large('The file', upload.size, MAX_FILE_BYTES)}.{self.size_advice}"
            )
        return upload

"""Kept for old imports: form pages moved to `goldenthread.pages.forms`, the upload
of a workbook to `goldenthread.imports.forms`."""

from __future__ import annotations

# re-export until the lead removes it (issue 15): moved to goldenthread.pages.forms
from goldenthread.pages.forms import error_summary as error_summary
from goldenthread.pages.forms import form_page as form_page

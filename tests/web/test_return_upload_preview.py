"""The return spreadsheet's preview (issue 16): each indicator's quarter figure
and status once the file is saved, and the commentary still needed; and its
counts are what the save then says it saved."""

from __future__ import annotations

import re

from tests.web.test_spreadsheet_returns import (
    filled,
    import_url,
    payload_of,
    template_for,
    upload,
)

from goldenthread.returns.models import Commentary


def results_row(text: str, reference: str) -> list[str]:
    """The cells of an indicator's row in the "once saved" table, as text."""
    table = re.search(r'<table class="govuk-table gt-results">(.*?)</table>', text, re.S)
    assert table, "no results table"
    row = re.search(rf"<tr[^>]*>\s*<td[^>]*>{reference} .*?</tr>", table.group(1), re.S)
    assert row, reference
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def test_the_preview_shows_each_indicators_quarter_once_saved(client_for, world):
    client = client_for("officer.lbn")
    content = filled(
        template_for(world, world.payroll, world.lbn),
        {("Return", "J7"): 90, ("Return", "J8"): 90, ("Return", "J9"): 90},
    )
    text = upload(client, import_url(world, world.payroll, "LBN"), content).content.decode()
    _, figure, status, commentary = results_row(text, "EX-02")
    # 90% a month against a 100% target: red; red needs reasons and remedial actions
    assert (figure, status) == ("90.00%", "Red")
    assert commentary == "Needed before submitting: the reasons and the remedial actions"


def test_the_preview_says_when_the_files_commentary_is_enough(client_for, world):
    client = client_for("officer.lbn")
    content = filled(
        template_for(world, world.payroll, world.lbn),
        {("Commentary", "F7"): "BACS run failed on 28 June"},
    )
    text = upload(client, import_url(world, world.payroll, "LBN"), content).content.decode()
    _, figure, status, commentary = results_row(text, "EX-02")
    assert (figure, status, commentary) == ("98.54%", "Amber", "Given")  # amber: reasons only


def test_an_on_target_quarter_needs_no_commentary(client_for, world):
    client = client_for("officer.lbn")
    content = filled(
        template_for(world, world.payroll, world.lbn),
        {("Return", "J7"): 100, ("Return", "J8"): 100, ("Return", "J9"): 100},
    )
    text = upload(client, import_url(world, world.payroll, "LBN"), content).content.decode()
    assert results_row(text, "EX-02")[1:] == ["100.00%", "Green", "Not needed"]


def test_the_preview_counts_what_the_save_counts(client_for, world):
    """Three figures and two parts of one indicator's commentary: five lines in the
    preview, five changes saved (the save once counted the commentary as one)."""
    client = client_for("officer.lbh")
    url = import_url(world, world.payroll)
    content = filled(
        template_for(world, world.payroll),
        {
            ("Return", "J7"): 100,
            ("Return", "J8"): 99.5,
            ("Return", "J9"): 90,
            ("Commentary", "F7"): "One late BACS run in June",
            ("Commentary", "H7"): "A second BACS run each month",
        },
    )
    preview = upload(client, url, content).content.decode()
    assert "New: 5" in preview
    applied = client.post(url, {"payload": payload_of(upload(client, url, content))})
    assert applied.status_code == 302
    page = client.get(applied["Location"]).content.decode()
    assert "Imported return.xlsx: 5 changes saved." in page
    note = Commentary.objects.get()
    assert (note.reasons, note.difference, note.remedial_actions) == (
        "One late BACS run in June",
        "",
        "A second BACS run each month",
    )

    changed = filled(content, {("Commentary", "G7"): "9.5 points", ("Commentary", "H7"): None})
    preview = upload(client, url, changed).content.decode()
    assert "New: 1" in preview and "Cleared (the cell is blank): 1" in preview
    applied = client.post(url, {"payload": payload_of(upload(client, url, changed))})
    assert "2 changes saved" in client.get(applied["Location"]).content.decode()


def test_formula_like_commentary_is_shown_as_text_in_the_preview(client_for, world):
    client = client_for("officer.lbn")
    content = filled(
        template_for(world, world.payroll, world.lbn),
        {("Commentary", "F7"): '<b>late</b> =HYPERLINK("http://x")'},
    )
    response = upload(client, import_url(world, world.payroll, "LBN"), content)
    text = response.content.decode()
    assert "<b>late</b>" not in text and "&lt;b&gt;late&lt;/b&gt;" in text

"""Packs in the application: the performance team builds one on the Packs page;
others may not; downloads; the list of earlier packs, each person seeing only
the packs of councils they read; a stored pack rebuilds byte for byte after
the figures change, and the next pack says what changed."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from html import unescape as html_unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.packs import services
from goldenthread.packs.models import Pack, PackState
from goldenthread.reports.content import ExceptionRule
from goldenthread.returns.models import Commentary, Measurement

Q1 = Quarter(FinancialYear(2019), 1)
FORM = {"period": "2019/20 Q1", "council": "", "exceptions": "amber-red"}


def build(world, *, council=None, formats=("html", "xlsx"), rule=ExceptionRule.AMBER_AND_RED):
    return services.pack_build(
        quarter=Q1,
        organisation=council,
        exception_rule=rule,
        formats=list(formats),
        by=world.users["performance"],
    ).pack


def test_performance_team_builds_a_pack_on_the_page_and_downloads_it(client_for, world):
    Commentary.objects.create(
        indicator=world.payroll_on_time,
        organisation=world.lbn,
        year=2019,
        quarter=1,
        reasons="BACS run failed on 28 June",
    )
    client = client_for("performance")
    page = client.get(reverse("packs:list"))
    assert page.status_code == 200
    assert "Build pack" in page.content.decode() and "No packs yet" in page.content.decode()
    response = client.post(
        reverse("packs:list"), {**FORM, "formats": ["html", "pdf", "docx", "xlsx"]}
    )
    pack = Pack.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "packs:detail", args=[pack.pk]
    )
    assert pack.built_by == world.users["performance"] and pack.formats == [
        "html",
        "pdf",
        "docx",
        "xlsx",
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "Read the pack in the browser" in detail and "This was the first pack" in detail
    html = client.get(reverse("packs:file", args=[pack.pk, "html"]))
    assert html["Content-Type"].startswith("text/html")
    assert "attachment" not in html.get("Content-Disposition", "")
    text = b"".join(html.streaming_content).decode()
    assert "% of payroll payments made on time" in text and "BACS run failed on 28 June" in text
    assert "Amber for LBN" in text  # 98.54% against 100.00%: within 5%
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK")):
        download = client.get(reverse("packs:file", args=[pack.pk, fmt]))
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment; filename=")
        assert b"".join(download.streaming_content).startswith(magic)
    listing = client.get(reverse("packs:list")).content.decode()
    assert "2019/20 Q1" in listing and "First for this quarter" in listing


@pytest.mark.parametrize(
    "role", ["officer.lbh", "officer.lbn", "director", "councillor.lbh", "s151", "nobody"]
)
def test_only_the_performance_team_builds_packs(client_for, world, role):
    client = client_for(role)
    response = client.post(reverse("packs:list"), {**FORM, "formats": ["html"]})
    assert response.status_code == 403
    assert not Pack.objects.exists()
    assert "Build pack" not in client.get(reverse("packs:list")).content.decode()


def test_a_form_without_formats_is_refused_with_the_field_named(client_for, world):
    response = client_for("performance").post(reverse("packs:list"), FORM)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and 'href="#id_formats"' in text
    assert "Choose at least one format" in text and not Pack.objects.exists()


def test_earlier_packs_are_listed_for_those_who_may_read_them(client_for, world):
    every = build(world)
    newham = build(world, council=world.lbn)
    havering = build(world, council=world.lbh)
    s151 = client_for("s151").get(reverse("packs:list")).content.decode()
    for pack in (every, newham, havering):
        assert reverse("packs:detail", args=[pack.pk]) in s151
    client = client_for("councillor.lbh")
    listing = client.get(reverse("packs:list")).content.decode()
    assert reverse("packs:detail", args=[havering.pk]) in listing
    assert reverse("packs:detail", args=[newham.pk]) not in listing
    assert reverse("packs:detail", args=[every.pk]) not in listing
    assert client.get(reverse("packs:detail", args=[every.pk])).status_code == 404
    assert client.get(reverse("packs:file", args=[newham.pk, "html"])).status_code == 404
    assert client.get(reverse("packs:file", args=[havering.pk, "pdf"])).status_code == 404


def test_a_stored_pack_rebuilds_identically_and_the_next_says_what_changed(client_for, world):
    first = build(world, formats=("html", "pdf", "docx", "xlsx"))
    june = Measurement.objects.get(
        indicator=world.payroll_on_time, organisation=world.lbn, start=datetime.date(2019, 6, 1)
    )
    june.amount = Decimal("99.95")
    june.save()
    rebuilt = services.pack_rebuild(pack=first, formats=["html", "pdf", "docx", "xlsx"])
    for fmt in ("html", "pdf", "docx", "xlsx"):
        assert rebuilt.files[fmt] == first.path(fmt).read_bytes(), fmt
    second = build(world)
    assert second.snapshot_hash != first.snapshot_hash
    assert second.changes == 2  # the quarter's figure (still amber) and June's
    detail = client_for("performance").get(reverse("packs:detail", args=[second.pk]))
    text = detail.content.decode()
    assert "2 changes since the pack built on" in text
    assert "figure for Jun-19" in text and "95.63%" in text and "99.95%" in text
    html = second.path("html").read_text(encoding="utf-8")
    assert "What changed since the last pack" in html and "figure for Jun-19" in html
    book = load_workbook(io.BytesIO(second.path("xlsx").read_bytes()))
    changes = [[c.value for c in row] for row in book["Changes"].iter_rows(min_row=2)]
    assert ["EX-02", "LBN", "figure for Jun-19", "95.63%", "99.95%"] in changes
    assert ["EX-02", "LBN", "figure", "98.54%", "99.98%"] in changes


def test_the_pack_command_builds_and_rebuilds(world, tmp_path, capsys):
    out = tmp_path / "out"
    call_command("pack", period="2019/20 Q1", council="LBN", format="html,xlsx", out=out)
    pack = Pack.objects.get()
    assert pack.built_by is None and pack.organisation == world.lbn
    assert sorted(p.name for p in out.iterdir()) == [
        "pack-2019-20-Q1-LBN.html",
        "pack-2019-20-Q1-LBN.xlsx",
    ]
    again = tmp_path / "again"
    call_command("pack", rebuild=pack.pk, format="html,xlsx", out=again)
    for name in ("pack-2019-20-Q1-LBN.html", "pack-2019-20-Q1-LBN.xlsx"):
        assert (again / name).read_bytes() == (out / name).read_bytes()
    printed = capsys.readouterr().out
    assert f"Pack {pack.pk}: 2019/20 Q1, LBN" in printed and "Rebuilt pack" in printed


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "--period is required"),
        ({"period": "2019/20"}, "is not a quarter"),
        ({"period": "Q7"}, "--period"),
        ({"period": "2019/20 Q1", "council": "XYZ"}, "no council 'XYZ' (known: LBH, LBN)"),
        ({"period": "2019/20 Q1", "format": "html,odt"}, "--format: unknown format odt"),
        ({"rebuild": 999}, "there is no pack 999"),
    ],
)
def test_the_pack_command_explains_bad_options(world, options, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("pack", **options)
    assert not Pack.objects.exists()


def test_a_broken_word_template_is_named_and_nothing_is_recorded(world, tmp_path):
    bad = tmp_path / "letterhead.docx"
    bad.write_text("not a word document", encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape("letterhead.docx is not a Word document")):
        call_command("pack", period="2019/20 Q1", format="docx", template=bad, out=tmp_path)
    assert not Pack.objects.exists()


def _template(*paragraphs):
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_team_builds_with_its_own_word_template_and_can_download_it_again(client_for, world):
    client = client_for("performance")
    default = client.get(reverse("packs:default_template"))
    assert default.status_code == 200 and default["Content-Disposition"].startswith("attachment")
    ours = _template("Democratic Services house style: {{ period }}")
    upload = SimpleUploadedFile("Committee style.docx", ours)
    response = client.post(reverse("packs:list"), {**FORM, "formats": ["docx"], "template": upload})
    pack = Pack.objects.get()
    assert response.status_code == 302 and pack.template_name == "Committee style.docx"
    word = b"".join(client.get(reverse("packs:file", args=[pack.pk, "docx"])).streaming_content)
    assert [p.text for p in Document(io.BytesIO(word)).paragraphs] == [
        "Democratic Services house style: 2019/20 Q1"
    ]
    detail = client.get(reverse("packs:detail", args=[pack.pk])).content.decode()
    assert reverse("packs:file", args=[pack.pk, "template"]) in detail
    kept = client.get(reverse("packs:file", args=[pack.pk, "template"]))
    assert b"".join(kept.streaming_content) == ours
    assert 'filename="Committee style.docx"' in kept["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "Word template: choose a Word document (.docx)"),
        ("letterhead.docx", b"not a word document", "letterhead.docx is not a Word document"),
    ],
)
def test_a_file_that_is_not_a_word_template_is_named_and_nothing_is_asked_for(
    client_for, world, name, content, message
):
    upload = SimpleUploadedFile(name, content)
    response = client_for("performance").post(
        reverse("packs:list"), {**FORM, "formats": ["docx"], "template": upload}
    )
    assert response.status_code == 400
    assert message in html_unescape(response.content.decode())
    assert not Pack.objects.exists()


@pytest.mark.parametrize(
    "placeholder",
    [
        "{{ title.__class__.__mro__[1].__subclasses__() }}",  # the sandbox refuses
        # only met when an exception page is filled
        "{% for g in exceptions %}{% for e in g.entries %}{{ e.heading.no.such }}"
        "{% endfor %}{% endfor %}",
    ],
)
def test_a_word_template_that_cannot_be_filled_is_refused_with_the_reason(
    client_for, world, settings, placeholder
):
    """The template is tried on a sample of the figures when the pack is asked for:
    the form says why at once, rather than the pack failing minutes later."""
    upload = SimpleUploadedFile("clever.docx", _template("House style", placeholder))
    packs = Path(settings.DATA_DIR, "packs")
    before = set(packs.glob("*/*"))
    response = client_for("performance").post(
        reverse("packs:list"), {**FORM, "formats": ["docx", "pdf"], "template": upload}
    )
    assert response.status_code == 400
    page = html_unescape(response.content.decode())
    assert "could not fill the Word template clever.docx" in page
    assert "docs/pack.md lists the placeholders" in page
    assert not Pack.objects.exists()
    assert set(packs.glob("*/*")) == before  # no file written


def test_a_word_template_is_not_tried_when_no_word_document_is_asked_for(client_for, world):
    upload = SimpleUploadedFile("clever.docx", _template("{{ title.__class__.__mro__ }}"))
    response = client_for("performance").post(
        reverse("packs:list"), {**FORM, "formats": ["html"], "template": upload}
    )
    assert response.status_code == 302 and Pack.objects.get().state == PackState.BUILT


@pytest.fixture
def database_queue(settings):
    """Packs asked for on the web wait in the database for `db_worker`, as installed."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_pack_asked_for_on_the_web_waits_for_the_worker_which_builds_it(
    client_for, world, database_queue
):
    client = client_for("performance")
    response = client.post(reverse("packs:list"), {**FORM, "formats": ["html", "xlsx"]})
    pack = Pack.objects.get()
    assert response.status_code == 302 and pack.state == PackState.QUEUED
    assert pack.snapshot_hash and not any(pack.folder.iterdir())  # figures taken; no files
    waiting = html_unescape(client.get(reverse("packs:detail", args=[pack.pk])).content.decode())
    assert "Waiting to be built" in waiting and 'hx-trigger="every 2s"' in waiting
    assert "No pack builder has started it yet" not in waiting
    assert client.get(reverse("packs:file", args=[pack.pk, "html"])).status_code == 404
    assert not _listed_for(client_for, "s151", pack)  # readers see a pack once it is built

    client = client_for("performance")
    Pack.objects.filter(pk=pack.pk).update(built_at=pack.built_at - datetime.timedelta(minutes=5))
    stalled = html_unescape(client.get(reverse("packs:detail", args=[pack.pk])).content.decode())
    assert "No pack builder has started it yet" in stalled and "goldenthread db_worker" in stalled
    Pack.objects.filter(pk=pack.pk).update(state=PackState.BUILDING)
    building = html_unescape(client.get(reverse("packs:detail", args=[pack.pk])).content.decode())
    assert "Building" in building and "may have been stopped" not in building
    Pack.objects.filter(pk=pack.pk).update(built_at=pack.built_at - datetime.timedelta(hours=1))
    stopped = html_unescape(client.get(reverse("packs:detail", args=[pack.pk])).content.decode())
    assert "the pack builder may have been stopped while building it" in stopped
    Pack.objects.filter(pk=pack.pk).update(state=PackState.QUEUED)  # as the worker finds it

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    pack.refresh_from_db()
    assert pack.state == PackState.BUILT and pack.finished_at is not None
    built = client.get(reverse("packs:detail", args=[pack.pk])).content.decode()
    assert "Read the pack in the browser" in built and "hx-trigger" not in built
    html = client.get(reverse("packs:file", args=[pack.pk, "html"]))
    assert html.status_code == 200 and b"2019/20 Q1" in b"".join(html.streaming_content)
    assert sorted(p.name for p in pack.folder.iterdir()) == [
        "pack-2019-20-Q1-all.html",
        "pack-2019-20-Q1-all.xlsx",
    ]
    assert _listed_for(client_for, "s151", pack)


def _listed_for(client_for, username, pack):
    listing = client_for(username).get(reverse("packs:list")).content.decode()
    return reverse("packs:detail", args=[pack.pk]) in listing


@pytest.mark.django_db(transaction=True)
def test_a_pack_that_fails_in_the_worker_says_why_and_leaves_no_files(
    client_for, world, database_queue, monkeypatch
):
    client = client_for("performance")
    client.post(reverse("packs:list"), {**FORM, "formats": ["html", "xlsx"]})
    pack = Pack.objects.get()

    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr("goldenthread.reports.xlsx.render_xlsx", broken)
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    pack.refresh_from_db()
    assert pack.state == PackState.FAILED
    assert pack.failure.startswith("goldenthread failed while rendering it (MemoryError")
    assert not pack.folder.exists() or not any(pack.folder.iterdir())
    detail = html_unescape(client.get(reverse("packs:detail", args=[pack.pk])).content.decode())
    assert "This pack could not be built" in detail and "Build it again" in detail
    # the next pack for the quarter is compared with the last one that was built, not this
    monkeypatch.undo()
    again = build(world)
    assert again.changes is None


def test_only_the_team_downloads_the_default_template_and_a_default_pack_has_no_copy(
    client_for, world
):
    assert client_for("officer.lbh").get(reverse("packs:default_template")).status_code == 403
    pack = build(world)
    kept = client_for("performance").get(reverse("packs:file", args=[pack.pk, "template"]))
    assert kept.status_code == 404


@pytest.mark.parametrize(
    ("written", "unit", "shown"),
    [
        ("360K", "£", "£360,000"),  # AM-18's income target, seed 001
        ("95%", "%", "95%"),
        (">= 20 days", "days", ">=20 days"),
        ("1.5 to 2.5", "days", "1.5 days to 2.5 days"),
        ("360K", "", "360000"),
    ],
)
def test_the_packs_period_targets_are_shown_in_the_indicators_unit(written, unit, shown):
    from goldenthread.domain.targets import parse_target
    from goldenthread.packs.performance import _target_text

    assert _target_text(parse_target(written), unit) == shown


def test_a_built_packs_hash_is_in_about_these_figures_not_on_its_cover_or_footers(world):
    pack = build(world, formats=("html", "docx"))
    html = pack.path("html").read_text()
    visible = html.split("<main>", 1)[1]
    about = visible.index('id="data"')
    assert pack.snapshot_hash[:12] not in visible[:about]
    assert pack.snapshot_hash in visible[about:]
    assert "@bottom-left" not in html
    document = Document(pack.path("docx"))
    footer = "".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Snapshot" not in footer
    texts = [p.text for p in document.paragraphs]
    about_word = texts.index("About these figures")
    assert not any(pack.snapshot_hash[:12] in t for t in texts[:about_word])
    assert any(pack.snapshot_hash in t for t in texts[about_word:])

"""Packs: the list of earlier packs (each person sees the packs of the councils
they may read), the performance team's 'Build pack' form (which queues the pack
for the background worker), a pack's page with its state, its downloads and
what changed since the last one, and the files themselves (the HTML pack opens
in the browser)."""

from __future__ import annotations

import contextlib
import datetime
import tempfile
from collections.abc import Iterator
from pathlib import Path

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp as content_security_policy
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.domain.periods import quarter_choices
from goldenthread.packs import selectors, services
from goldenthread.packs.forms import FORMAT_LABELS, BuildPackForm
from goldenthread.packs.models import FORMATS, Pack, PackState
from goldenthread.people.access import Scope, scope_of
from goldenthread.reports.assemble import changes_since
from goldenthread.reports.content import ExceptionRule
from goldenthread.reports.snapshot import load_snapshot
from goldenthread.returns.selectors import latest_quarter

WAITING_TOO_LONG = datetime.timedelta(minutes=2)  # the worker looks every second
BUILDING_TOO_LONG = datetime.timedelta(minutes=30)  # 1,000 indicators take about 2 minutes
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The HTML pack is one self-contained document (it is also archived and opened from
# disk), so its styles are inline: it may use inline styles and data: images, and
# nothing else; no script at all, so even text that slipped past escaping could not
# act as the reader (docs/decisions/0015).
PACK_POLICY = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:"],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [NONE],
}


@require_http_methods(["GET", "HEAD", "POST"])
def pack_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    quarter = latest_quarter()
    form = None
    if scope.is_performance_team:
        form = BuildPackForm(
            request.POST or None,
            request.FILES or None,
            quarters=quarter_choices(quarter),
            initial={"period": quarter.label},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the performance team builds packs")
        if form.is_valid():
            try:
                with _uploaded(form.cleaned_data["template"]) as template:
                    pack = services.pack_queue(
                        quarter=form.cleaned_data["period"],
                        organisation=form.cleaned_data["council"],
                        exception_rule=ExceptionRule(form.cleaned_data["exceptions"]),
                        formats=[f for f in FORMATS if f in form.cleaned_data["formats"]],
                        by=request.user,
                        template=template,
                        template_name=form.cleaned_data["template"].name if template else None,
                    )
            except services.PackError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Pack for {pack.period}, {pack.council_code}, asked for: its figures are "
                    "taken and it is being built. Its files appear here when they are ready.",
                )
                return redirect("packs:detail", pack.pk)
    errors = []
    if form is not None and form.is_bound:
        errors = [
            (f"id_{name}" if name != "__all__" else "", message)
            for name, found in form.errors.items()
            for message in found
        ]
    return render(
        request,
        "packs/list.html",
        {"form": form, "errors": errors, "packs": selectors.packs_for(scope)[:50]},
        status=400 if errors else 200,
    )


@contextlib.contextmanager
def _uploaded(upload: UploadedFile | None) -> Iterator[Path | None]:
    """An uploaded Word template as a file for the build (removed afterwards)."""
    if upload is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="goldenthread-template-") as folder:
        path = Path(folder) / "template.docx"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path


@require_safe
def default_template(request: HttpRequest) -> FileResponse:
    """The Word template packs use unless another is given: to restyle in Word."""
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team builds packs")
    from goldenthread.reports.docx import DEFAULT_TEMPLATE  # the Word libraries: when needed

    return FileResponse(
        DEFAULT_TEMPLATE.open("rb"),
        as_attachment=True,
        filename="goldenthread-pack-template.docx",
        content_type=CONTENT_TYPES["docx"],
    )


def _visible(scope: Scope, pack_id: int) -> Pack:
    pack = selectors.packs_for(scope).filter(pk=pack_id).first()
    if pack is None:
        raise Http404("No such pack")
    return pack


@require_safe
def detail(request: HttpRequest, pack_id: int) -> HttpResponse:
    """A pack's page; while it is being built, it asks again every few seconds for its
    files (htmx) and says if the pack builder seems not to be running."""
    pack = _visible(scope_of(request.user), pack_id)
    snapshot = load_snapshot(pack.snapshot)
    return render(
        request,
        "packs/detail.html",
        {
            "pack": pack,
            "files": [(fmt, FORMAT_LABELS[fmt], pack.file_name(fmt)) for fmt in pack.formats],
            "formats_asked": ", ".join(FORMAT_LABELS[fmt] for fmt in pack.formats),
            "stalled": _stalled(pack),
            "since": changes_since(snapshot.get("since")),
            "not_approved": snapshot["returns"]["not_approved"],
            "rule": ExceptionRule(pack.exception_rule).label,
        },
    )


def _stalled(pack: Pack) -> str:
    """What to tell the team when a pack waits or builds far longer than packs take."""
    waited = timezone.now() - pack.built_at
    if pack.state == PackState.QUEUED and waited > WAITING_TOO_LONG:
        return (
            "No pack builder has started it yet. Packs are built by the "
            "'goldenthread db_worker' process: ask whoever runs goldenthread to check it is "
            "running. The pack will be built as soon as it is."
        )
    if pack.state == PackState.BUILDING and waited > BUILDING_TOO_LONG:
        return (
            "This is far longer than a pack takes: the pack builder may have been stopped "
            "while building it. If nothing changes, build the pack again."
        )
    return ""


@require_safe
@content_security_policy(PACK_POLICY)  # type: ignore[arg-type]  # typed for request-only views
def pack_file(request: HttpRequest, pack_id: int, fmt: str) -> FileResponse:
    pack = _visible(scope_of(request.user), pack_id)
    if fmt == "template":  # the Word template it was built with, to build the next one
        path = pack.template_copy
        if path is None or not path.is_file():
            raise Http404("This pack was built with the default Word template")
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=pack.template_name,
            content_type=CONTENT_TYPES["docx"],
        )
    path = pack.path(fmt)
    if not pack.is_built or fmt not in pack.formats or not path.is_file():
        raise Http404("This pack was not built in that format")
    response = FileResponse(
        path.open("rb"),
        as_attachment=fmt != "html",
        filename=pack.file_name(fmt),
        content_type=CONTENT_TYPES[fmt],
    )
    return response

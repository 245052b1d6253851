"""Packs: the list of earlier packs (each person sees the packs of the councils
they may read), the performance team's 'Build pack' form, a pack's page with
its downloads and what changed since the last one, and the files themselves
(the HTML pack opens in the browser)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread.overview.selectors import latest_quarter, quarter_choices
from goldenthread.packs import selectors, services
from goldenthread.packs.forms import FORMAT_LABELS, BuildPackForm
from goldenthread.packs.models import FORMATS, Pack
from goldenthread.people.access import Scope, scope_of
from goldenthread.reports.assemble import changes_since
from goldenthread.reports.content import ExceptionRule
from goldenthread.reports.snapshot import load_snapshot

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def pack_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    quarter = latest_quarter()
    form = None
    if scope.is_performance_team:
        form = BuildPackForm(
            request.POST or None,
            quarters=quarter_choices(quarter),
            initial={"period": quarter.label},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the performance team builds packs")
        if form.is_valid():
            try:
                made = services.pack_build(
                    quarter=form.cleaned_data["period"],
                    organisation=form.cleaned_data["council"],
                    exception_rule=ExceptionRule(form.cleaned_data["exceptions"]),
                    formats=[f for f in FORMATS if f in form.cleaned_data["formats"]],
                    by=request.user,
                )
            except services.PackError as error:
                form.add_error(None, str(error))
            else:
                pack = made.pack
                messages.success(request, f"Pack built: {pack.period}, {pack.council_code}.")
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


def _visible(scope: Scope, pack_id: int) -> Pack:
    pack = selectors.packs_for(scope).filter(pk=pack_id).first()
    if pack is None:
        raise Http404("No such pack")
    return pack


def detail(request: HttpRequest, pack_id: int) -> HttpResponse:
    pack = _visible(scope_of(request.user), pack_id)
    snapshot = load_snapshot(pack.snapshot)
    return render(
        request,
        "packs/detail.html",
        {
            "pack": pack,
            "files": [(fmt, FORMAT_LABELS[fmt], pack.file_name(fmt)) for fmt in pack.formats],
            "since": changes_since(snapshot.get("since")),
            "not_approved": snapshot["returns"]["not_approved"],
            "rule": ExceptionRule(pack.exception_rule).label,
        },
    )


def pack_file(request: HttpRequest, pack_id: int, fmt: str) -> FileResponse:
    pack = _visible(scope_of(request.user), pack_id)
    path = pack.path(fmt)
    if fmt not in pack.formats or not path.is_file():
        raise Http404("This pack was not built in that format")
    response = FileResponse(
        path.open("rb"),
        as_attachment=fmt != "html",
        filename=pack.file_name(fmt),
        content_type=CONTENT_TYPES[fmt],
    )
    return response

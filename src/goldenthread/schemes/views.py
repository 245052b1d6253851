"""The performance team's status schemes (`/settings/schemes/`): the list, a
scheme's form (new, or a copy of another; edit), and its deletion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.domain.schemes import BUILT_IN, Scheme
from goldenthread.pages.forms import error_summary
from goldenthread.people.access import scope_of
from goldenthread.schemes import services
from goldenthread.schemes.forms import SchemeForm, StatusRows, check_scheme, status_rows
from goldenthread.schemes.models import StatusScheme
from goldenthread.schemes.selectors import schemes_by_key, stored_scheme
from goldenthread.schemes.usage import uses_by_key


def _team_only(request: HttpRequest) -> None:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team sets the status schemes")


@dataclass(frozen=True)
class SchemeRow:
    """A scheme as the list shows it."""

    scheme: Scheme
    built_in: bool
    uses: list[str]


@require_safe
def scheme_list(request: HttpRequest) -> HttpResponse:
    _team_only(request)
    uses = uses_by_key()
    rows = [
        SchemeRow(scheme, key in BUILT_IN, uses.get(key, []))
        for key, scheme in schemes_by_key().items()
    ]
    return render(request, "schemes/list.html", {"rows": rows})


def _stored(key: str) -> StatusScheme:
    row = StatusScheme.objects.filter(key=key).first()
    if row is None:
        raise Http404("No such scheme")
    return row


@require_http_methods(["GET", "HEAD", "POST"])
def scheme_new(request: HttpRequest) -> HttpResponse:
    _team_only(request)
    start = schemes_by_key().get(request.GET.get("from", ""))
    if start is not None and start.monitor_only:
        start = None
    initial = {"name": f"{start.name} (copy)"[:80]} if start else {}
    return _scheme_page(request, None, start, initial)


@require_http_methods(["GET", "HEAD", "POST"])
def scheme_edit(request: HttpRequest, key: str) -> HttpResponse:
    _team_only(request)
    row = _stored(key)
    initial = {"name": row.name, "version": row.version}
    return _scheme_page(request, row, stored_scheme(row), initial)


def _scheme_page(
    request: HttpRequest,
    row: StatusScheme | None,
    shown: Scheme | None,
    initial: dict[str, Any],
) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    editing = row.key if row else ""
    form = SchemeForm(posted, initial=initial, editing=editing)
    rows = status_rows(posted, scheme=shown)
    theirs: Scheme | None = None
    scheme = check_scheme(form, rows) if posted is not None else None
    if scheme is not None:
        version = form.cleaned_data.get("version") if row else None
        try:
            saved, changed = services.scheme_save(
                key=scheme.key,
                name=scheme.name,
                statuses=scheme.to_rows(),
                version=version,
                by=request.user,
            )
        except services.StaleScheme as stale:
            theirs = stored_scheme(stale.current)
            form = _seen_again(form, stale.current)
            form.add_error(None, str(stale))
        except services.SchemeRefused as refused:
            form.add_error(None, str(refused))
        else:
            done = f"Scheme saved: {saved.name}." if changed else "Nothing changed."
            messages.success(request, done)
            return redirect("schemes:list")
    errors = error_summary(form) + _row_errors(rows)
    context = {
        "form": form,
        "rows": rows,
        "errors": errors,
        "editing": row,
        "theirs": theirs,
        "heading": f"Change the scheme {row.name}" if row else "Add a status scheme",
    }
    return render(request, "schemes/form.html", context, status=400 if errors else 200)


def _seen_again(form: SchemeForm, current: StatusScheme) -> SchemeForm:
    """The form as posted, now carrying the other person's version: saving again
    replaces theirs."""
    posted: Any = form.data.copy()
    posted["version"] = str(current.version)
    again = SchemeForm(posted, initial=form.initial, editing=form.editing)
    again.is_valid()
    return again


def _row_errors(rows: StatusRows) -> list[tuple[str, str]]:
    if not rows.is_bound:
        return []
    pairs = [("", str(message)) for message in rows.non_form_errors()]
    for number, row in enumerate(rows.forms, 1):
        for name, problems in row.errors.items():
            anchor = row[name].auto_id if name in row.fields else ""
            pairs += [(anchor, f"Status {number}: {message}") for message in problems]
    return pairs


@require_http_methods(["GET", "HEAD", "POST"])
def scheme_delete(request: HttpRequest, key: str) -> HttpResponse:
    _team_only(request)
    row = _stored(key)
    uses = uses_by_key().get(key, [])
    if request.method == "POST":
        try:
            services.scheme_delete(key=key, by=request.user)
        except services.SchemeRefused as refused:
            errors = [("", str(refused))]
            context = {"row": row, "uses": uses, "errors": errors}
            return render(request, "schemes/delete.html", context, status=400)
        messages.success(request, f"Scheme deleted: {row.name}.")
        return redirect("schemes:list")
    return render(request, "schemes/delete.html", {"row": row, "uses": uses, "errors": []})

"""The register as a spreadsheet, for the performance team: export it, and
import a changed one (upload, preview, apply). Nothing is kept on the server
between preview and apply: the checked rows travel back signed
(docs/decisions/0006)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.indicators.bulk import (
    IndicatorEntry,
    RegisterPlan,
    RegisterRefused,
    TargetEntry,
    group_targets,
    register_load,
    register_plan,
)
from goldenthread.indicators.register_sheet import (
    RegisterRows,
    RegisterSheetRefused,
    read_register_workbook,
    register_workbook,
)
from goldenthread.people.access import scope_of
from goldenthread.web.forms import WorkbookUploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SALT = "goldenthread.register-import"
PREVIEW_HOURS = 2


def _team_only(request: HttpRequest) -> None:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team loads or exports the register")


@require_safe
def export(request: HttpRequest) -> HttpResponse:
    _team_only(request)
    response = HttpResponse(register_workbook(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="register-{stamp}.xlsx"'
    return response


class UploadForm(WorkbookUploadForm):
    workbook = forms.FileField(
        label="Upload a register spreadsheet",
        help_text="An .xlsx file laid out like the export: Service, Service area, KPI, "
        "targets per council and year, then the other register columns.",
        error_messages={"required": "Choose the .xlsx file to upload"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def load(request: HttpRequest) -> HttpResponse:
    """Upload a register spreadsheet, see what it changes, then apply it."""
    _team_only(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[tuple[str, str]] = []
    rows = plan = None
    if request.method == "POST" and "payload" in request.POST:
        try:
            payload = signing.loads(
                request.POST["payload"], salt=SALT, max_age=PREVIEW_HOURS * 3600
            )
            if payload.get("user") != request.user.pk:
                raise PermissionDenied("This preview was made for someone else")
            rows = _rows_from(payload)
            plan = register_plan(rows.indicators, rows.targets)
            loaded = register_load(plan=plan, by=request.user)
        except signing.BadSignature:
            errors = [("id_workbook", "The preview expired or was altered: upload the file again.")]
        except RegisterRefused as refusal:
            errors = [("id_workbook", p) for p in refusal.problems]
        else:
            messages.success(
                request,
                f"Register loaded from {payload['filename']}: {loaded.created} created, "
                f"{loaded.changed} changed.",
            )
            return redirect("indicators:list")
        plan = None
        form = UploadForm()
    elif request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["workbook"]
            try:
                rows = read_register_workbook(upload.read(), filename=upload.name)
                plan = register_plan(rows.indicators, rows.targets)
            except (RegisterSheetRefused, RegisterRefused) as refusal:
                errors = [("id_workbook", p) for p in refusal.problems]
                plan = None
        else:
            errors = [("id_workbook", m) for m in form.errors.get("workbook", [])]
    context: dict[str, Any] = {"form": form, "errors": errors[:200], "plan": plan}
    if plan is not None and rows is not None:
        upload_name = form.cleaned_data["workbook"].name
        payload = {"filename": upload_name, "user": request.user.pk, **_payload(rows)}
        context.update(
            payload=signing.dumps(payload, salt=SALT, compress=True),
            filename=upload_name,
            counts=preview_of(plan),
            targets=group_targets(plan.targets),
            changed=[p for p in plan.indicators if p.kind == "changed"],
            new=[p for p in plan.indicators if p.kind == "new"],
        )
    return render(request, "indicators/register_sheet.html", context, status=400 if errors else 200)


def preview_of(plan: RegisterPlan) -> dict[str, int]:
    return {
        "indicators new": plan.indicator_count("new"),
        "indicators changed": plan.indicator_count("changed"),
        "indicators unchanged": plan.indicator_count("unchanged"),
        "targets new": plan.target_count("new"),
        "targets changed": plan.target_count("changed"),
        "targets removed": plan.target_count("removed"),
        "targets unchanged": plan.target_count("unchanged"),
    }


def _payload(rows: RegisterRows) -> dict[str, Any]:
    return {
        "indicators": [dataclasses.asdict(e) for e in rows.indicators],
        "targets": [dataclasses.asdict(t) for t in rows.targets],
    }


def _rows_from(payload: dict[str, Any]) -> RegisterRows:
    return RegisterRows(
        [IndicatorEntry(**e) for e in payload["indicators"]],
        [TargetEntry(**t) for t in payload["targets"]],
    )

"""The return as a spreadsheet on the web: download the template of a return
(or of its directorate), and import a filled-in one: upload, preview, apply.

Nothing is kept on the server between preview and apply: the preview page
carries the checked cell texts back, signed (docs/decisions/0006).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.organisations.models import ServiceArea
from goldenthread.returns import services
from goldenthread.returns.selectors import applicable_indicators
from goldenthread.returns.sheet_import import (
    Expected,
    ImportPlan,
    ImportRefused,
    plan_from_payload,
    plan_payload,
    read_return_workbook,
    returns_import,
)
from goldenthread.returns.sheet_template import return_template
from goldenthread.returns.views import ReturnPage, return_page
from goldenthread.web.forms import WorkbookUploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SALT = "goldenthread.return-import"
PREVIEW_HOURS = 2
LISTED = 500  # changes listed per kind on the preview page


@require_safe
def template_download(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    """The return's .xlsx template, filled in with what is saved; with
    ?whole=directorate, every service area of the directorate this person
    enters data for (or, for readers, can see) in one workbook."""
    page = return_page(request, code, service_area_id, year, number)
    areas = [page.service_area]
    if request.GET.get("whole") == "directorate":
        areas = directorate_areas(page)
    template = return_template(
        organisation=page.organisation, service_areas=areas, quarter=page.quarter
    )
    response = HttpResponse(template.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template.filename}"'
    return response


def directorate_areas(page: ReturnPage) -> list[ServiceArea]:
    """The directorate's service areas with indicators for the council, limited to
    those the person enters data for when they enter data for this one."""
    areas = [
        area
        for area in ServiceArea.objects.filter(directorate=page.service_area.directorate)
        if applicable_indicators(organisation=page.organisation, service_area_id=area.id).exists()
    ]
    if page.can_edit:
        areas = [a for a in areas if page.scope.enters_data_for(page.organisation.id, a.id)]
    return areas


class UploadForm(WorkbookUploadForm):
    workbook = forms.FileField(
        label="Upload the filled-in template",
        help_text="The .xlsx file you downloaded from this page, filled in and saved.",
        error_messages={
            "required": "Choose the filled-in .xlsx file to upload",
            "empty": "The file you chose is empty",
        },
    )
    size_advice = " A data return is far smaller; check you chose the right file."


@require_http_methods(["GET", "HEAD", "POST"])
def import_return(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    """Upload a filled-in template, see what it would change, then apply it."""
    page = return_page(request, code, service_area_id, year, number, with_indicators=False)
    if not page.can_edit:
        raise PermissionDenied("You do not enter data for this service area")
    scope = page.scope
    if request.method == "POST" and "payload" in request.POST:
        return _apply(request, page)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[tuple[str, str]] = []
    plan = None
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["workbook"]
            try:
                plan = read_return_workbook(
                    upload.read(),
                    filename=upload.name,
                    scope=scope,
                    expect=_this_return(page),
                )
            except ImportRefused as refusal:
                errors = [("id_workbook", str(p)) for p in refusal.problems]
        else:
            errors = [("id_workbook", m) for m in form.errors.get("workbook", [])]
    return _render(request, page, form, plan, errors)


def _this_return(page: ReturnPage) -> Expected:
    """The return whose page this is: an upload must hold it, a preview is bound to it."""
    return Expected(page.organisation, page.service_area, page.quarter)


def _render(
    request: HttpRequest,
    page: ReturnPage,
    form: UploadForm,
    plan: ImportPlan | None,
    errors: list[tuple[str, str]],
) -> HttpResponse:
    context: dict[str, Any] = {
        "organisation": page.organisation,
        "service_area": page.service_area,
        "quarter": page.quarter,
        "form": form,
        "errors": errors,
        "plan": plan,
        "listed": LISTED,
    }
    if plan is not None:
        payload = plan_payload(plan, made_for=_this_return(page))
        payload["user"] = request.user.pk
        context["payload"] = signing.dumps(payload, salt=SALT, compress=True)
        context["groups"] = [
            (kind, title, plan.changes(kind)[:LISTED], plan.count(kind))
            for kind, title in (
                ("new", "New"),
                ("changed", "Changed"),
                ("cleared", "Cleared (the cell is blank)"),
                ("unchanged", "Unchanged"),
            )
        ]
        context["several"] = len(plan.parts) > 1
    return render(request, "returns/sheet_import.html", context, status=400 if errors else 200)


def _apply(request: HttpRequest, page: ReturnPage) -> HttpResponse:
    form = UploadForm()
    try:
        payload = signing.loads(request.POST["payload"], salt=SALT, max_age=PREVIEW_HOURS * 3600)
    except signing.SignatureExpired:
        return _render(
            request,
            page,
            form,
            None,
            [("id_workbook", "The preview has expired: upload the file again.")],
        )
    except signing.BadSignature:
        return _render(
            request,
            page,
            form,
            None,
            [("id_workbook", "The preview was altered: upload the file again.")],
        )
    if payload.get("user") != request.user.pk:
        raise PermissionDenied("This preview was made for someone else")
    # the person as a plain model instance: the request's lazy user would be
    # unwrapped again for each of thousands of history rows
    person = get_user_model().objects.get(pk=request.user.pk)
    try:
        plan = plan_from_payload(payload, scope=page.scope, posted_to=_this_return(page))
        changed = returns_import(plan=plan, by=person)
    except ImportRefused as refusal:
        return _render(
            request, page, form, None, [("id_workbook", str(p)) for p in refusal.problems]
        )
    except services.ReturnError as error:
        message = str(error)
        if isinstance(error, services.StaleReturn):
            message = (
                "Someone saved this return after your preview, so nothing was imported. "
                "Upload the file again to see what it would change now."
            )
        return _render(request, page, form, None, [("id_workbook", message)])
    plural = "s" if changed != 1 else ""
    messages.success(request, f"Imported {plan.filename}: {changed} change{plural} saved.")
    return redirect(
        "returns:edit",
        page.organisation.code,
        page.service_area.id,
        page.quarter.financial_year.start_year,
        page.quarter.number,
    )

"""The performance team's risk settings: the matrix (its words, levels and each
cell's level), refused where a stored score or appetite would be off it, and
the appetite per category or service area."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from goldenthread.domain.risk_matrix import Matrix
from goldenthread.pages.forms import error_summary
from goldenthread.people.access import scope_of
from goldenthread.risks import register_services as services
from goldenthread.risks.forms import AppetiteForm
from goldenthread.risks.matrix_form import MatrixForm
from goldenthread.risks.models import Appetite
from goldenthread.risks.selectors import risk_matrix


@require_http_methods(["GET", "HEAD", "POST"])
def risk_settings(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team changes the risk settings")
    matrix = risk_matrix()
    part = request.POST.get("part", "")
    matrix_form = MatrixForm(request.POST if part == "matrix" else None, matrix=matrix)
    appetite_form = _appetite_form(request.POST if part == "appetite" else None, matrix)
    if request.method == "POST":
        if part == "matrix" and matrix_form.is_valid():
            try:
                services.matrix_save(matrix_form.built, by=request.user)
            except services.MatrixRefused as refused:
                matrix_form.add_error(None, str(refused))
            else:
                messages.success(request, "Risk matrix saved.")
                return redirect("risks:settings")
        elif part == "appetite" and request.POST.get("delete"):
            found = Appetite.objects.filter(pk=_number(request.POST["delete"])).first()
            if found is not None:
                services.appetite_delete(found, by=request.user)
                messages.success(request, f"Appetite removed: {found}.")
            return redirect("risks:settings")
        elif part == "appetite" and appetite_form.is_valid():
            saved = services.appetite_save(appetite_form.save(commit=False), by=request.user)
            messages.success(request, f"Appetite saved: {saved}.")
            return redirect("risks:settings")
    errors = error_summary(matrix_form) + error_summary(appetite_form)
    if request.method == "POST" and part not in ("matrix", "appetite"):
        errors.append(("", "Choose what to save: the matrix or an appetite"))
    return render(
        request,
        "risks/settings.html",
        {
            "matrix": matrix,
            "form": matrix_form,
            "appetite_form": appetite_form,
            "appetites": Appetite.objects.select_related("service_area"),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 10 else 0


def _appetite_form(data: Any, matrix: Matrix) -> AppetiteForm:
    """The appetite form; posted for a category and service area that already have
    one, it changes that one."""
    instance = None
    if data is not None:
        area = data.get("appetite-service_area") or None
        instance = Appetite.objects.filter(
            category=str(data.get("appetite-category", ""))[:20],
            service_area_id=_number(area) if area else None,
        ).first()
    return AppetiteForm(data, instance=instance, matrix=matrix, prefix="appetite")

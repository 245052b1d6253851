"""A period's forecast as a workbook (stubs until built)."""

from django.http import Http404, HttpRequest, HttpResponse


def forecast_import(request: HttpRequest, year: int, period: int) -> HttpResponse:
    raise Http404


def forecast_template(
    request: HttpRequest, year: int, period: int, service_id: int
) -> HttpResponse:
    raise Http404

"""A period's forecast: entry and sign-off (stubs until built)."""

from django.http import Http404, HttpRequest, HttpResponse


def forecast(request: HttpRequest, year: int, period: int) -> HttpResponse:
    raise Http404


decide = forecast

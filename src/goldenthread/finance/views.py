"""Budget monitoring's pages (stubs until built)."""

from django.http import Http404, HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    raise Http404


position = cost_share = reserves = savings = line = index

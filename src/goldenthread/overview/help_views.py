"""Help pages: the glossary of the words the register and the overview use."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from goldenthread.overview.glossary import glossary as glossary_terms


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "overview/glossary.html", {"terms": glossary_terms()})

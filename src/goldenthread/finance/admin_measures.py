"""The team links an indicator to a finance measure here (registered from
`finance.admin`); saving the link records the indicator's figures at once
(`finance.measures`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.finance import measures
from goldenthread.finance.models import FinanceMeasure


@admin.register(FinanceMeasure)
class FinanceMeasureAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["indicator", "organisation", "measure"]
    list_filter = ["measure", "organisation"]
    search_fields = ["indicator__reference", "indicator__title"]
    autocomplete_fields = ["indicator"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        measures.feed(measure=obj, by=request.user)  # type: ignore[arg-type]

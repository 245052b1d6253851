from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.returns.models import Commentary, Forecast, Measurement, Return


@admin.register(Return)
class ReturnAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "version", "updated_at", "updated_by"]
    list_filter = ["status", "organisation", "year", "quarter"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "organisation", "breakdown", "start", "months", "kind", "amount"]
    list_filter = ["organisation", "months"]
    search_fields = ["indicator__reference"]


@admin.register(Commentary)
class CommentaryAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "organisation", "year", "quarter"]


@admin.register(Forecast)
class ForecastAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "organisation", "year", "quarter", "amount"]
    list_filter = ["organisation", "year", "quarter"]
    search_fields = ["indicator__reference"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.plan.models import Action, ActionUpdate, PlanService, PlanUpdate, Priority


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name"]


@admin.register(PlanService)
class PlanServiceAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "lead", "organisation", "service_area"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "service", "priority", "target", "closed"]
    list_filter = ["service", "priority", "closed"]
    search_fields = ["reference", "delivery"]


@admin.register(PlanUpdate)
class PlanUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "version", "updated_at", "updated_by"]
    list_filter = ["status", "year", "quarter"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "update", "status", "late"]
    search_fields = ["action__reference"]

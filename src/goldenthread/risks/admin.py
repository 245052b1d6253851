from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.risks.models import Appetite, Control, ReviewRound, Risk, RiskAction, RiskReview


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "category", "service_area", "status"]
    list_filter = ["category", "status", "organisation"]
    search_fields = ["reference", "title"]


@admin.register(Control)
class ControlAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "owner", "effectiveness"]


@admin.register(RiskAction)
class RiskActionAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "owner", "due", "done", "plan_action"]


@admin.register(Appetite)
class AppetiteAdmin(SimpleHistoryAdmin):
    list_display = ["category", "service_area", "level"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "version", "updated_at", "updated_by"]
    list_filter = ["status", "year", "quarter"]


@admin.register(RiskReview)
class RiskReviewAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "round", "likelihood", "impact", "reviewed_on"]

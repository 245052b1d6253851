from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.indicators.forms import IndicatorForm, TargetForm
from goldenthread.indicators.models import Breakdown, Indicator, IndicatorOrganisation, Target


class BreakdownInline(admin.TabularInline):
    model = Breakdown
    extra = 0


class CouncilInline(admin.TabularInline):
    """The councils it applies to, each link with its own dates."""

    model = IndicatorOrganisation
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    form = TargetForm
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    form = IndicatorForm
    list_display = ["reference", "title", "service_area", "tier", "unit", "retired_on"]
    list_filter = ["tier", "service_area__directorate", "retired_on"]
    search_fields = ["reference", "title"]
    exclude = ["organisations"]
    inlines = [CouncilInline, BreakdownInline, TargetInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    form = TargetForm
    list_display = ["indicator", "organisation", "year", "text"]
    list_filter = ["organisation", "year"]

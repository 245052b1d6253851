"""Budget monitoring in the admin site: the performance team maintains the
lines, budgets, shares, reserves and savings here for now (the forecasts are
entered on their own pages, `finance:forecast`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.domain.cost_share import percent
from goldenthread.finance import admin_measures  # noqa: F401  (registers the finance measures)
from goldenthread.finance.models import (
    Budget,
    BudgetLine,
    FinancePeriod,
    FixedAllocation,
    LineBudget,
    LineForecast,
    PartnerShare,
    ReserveAmount,
    ReserveItem,
    Saving,
    ShareBasis,
    StatedFigure,
)


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "year", "prepared_by"]
    list_filter = ["year"]


class LineBudgetInline(admin.TabularInline):
    model = LineBudget
    extra = 0


class FixedAllocationInline(admin.TabularInline):
    model = FixedAllocation
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "service", "council", "allocation", "controllable", "closed"]
    list_filter = ["organisation", "service", "council", "allocation", "closed"]
    search_fields = ["code", "name"]
    filter_horizontal = ["partners"]
    inlines = [LineBudgetInline, FixedAllocationInline]


@admin.register(LineBudget)
class LineBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["line", "year", "budget"]
    list_filter = ["year"]
    search_fields = ["line__code", "line__name"]


@admin.register(FixedAllocation)
class FixedAllocationAdmin(SimpleHistoryAdmin):
    list_display = ["line", "year", "partner", "amount"]
    list_filter = ["year", "partner"]


class PartnerShareInline(admin.TabularInline):
    model = PartnerShare
    extra = 0


@admin.register(ShareBasis)
class ShareBasisAdmin(SimpleHistoryAdmin):
    list_display = ["service", "year", "basis", "activity_driven", "tolerance"]
    list_filter = ["year", "activity_driven"]
    inlines = [PartnerShareInline]


@admin.register(PartnerShare)
class PartnerShareAdmin(SimpleHistoryAdmin):
    list_display = ["basis", "partner", "numerator", "denominator", "shown"]
    list_filter = ["basis__year", "partner"]

    @admin.display(description="Share")
    def shown(self, share: PartnerShare) -> str:
        return percent(share.share, 4)


@admin.register(FinancePeriod)
class FinancePeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "version", "updated_at", "updated_by"]
    list_filter = ["status", "year", "period"]


@admin.register(LineForecast)
class LineForecastAdmin(SimpleHistoryAdmin):
    list_display = ["line", "period", "forecast"]
    list_filter = ["period__year", "period__period"]
    search_fields = ["line__code", "line__name"]


@admin.register(StatedFigure)
class StatedFigureAdmin(SimpleHistoryAdmin):
    list_display = ["period", "measure", "council", "amount", "precision", "where"]


class ReserveAmountInline(admin.TabularInline):
    model = ReserveAmount
    extra = 0


@admin.register(ReserveItem)
class ReserveItemAdmin(SimpleHistoryAdmin):
    list_display = ["purpose", "organisation", "year", "kind", "in_base", "position"]
    list_filter = ["year", "kind", "in_base"]
    inlines = [ReserveAmountInline]


@admin.register(Saving)
class SavingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "year", "partner", "planned", "achieved"]
    list_filter = ["year", "partner"]
    search_fields = ["title"]

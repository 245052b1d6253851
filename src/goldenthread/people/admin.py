from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.people.models import Membership


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "all_organisations"]
    list_filter = ["role"]
    filter_horizontal = ["organisations", "directorates", "service_areas"]

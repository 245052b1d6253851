from django.contrib import admin

from goldenthread.packs.models import Pack


@admin.register(Pack)
class PackAdmin(admin.ModelAdmin):
    """Packs are records: read them here, build them on the Packs page or with the command."""

    list_display = ["__str__", "state", "exception_rule", "built_by", "snapshot_hash", "changes"]
    list_filter = ["state", "year", "quarter", "organisation"]
    readonly_fields = [f.name for f in Pack._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

"""The audit log in the admin: to read, never to change (the database refuses
changes anyway)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from goldenthread.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["happened_at", "actor_name", "organisation", "action", "object_type"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_text", "trail"]
    date_hierarchy = "happened_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

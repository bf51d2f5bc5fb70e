"""Read-only, filterable Django admin of the audit trail."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin

from rail_django.extensions.audit.models import VIEW_PERMISSION, get_audit_event_model


class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "event_type",
        "outcome",
        "actor_id",
        "ip",
        "target_model",
        "target_pk",
    )
    list_filter = ("event_type", "outcome", "schema", "target_model", "created_at")
    search_fields = ("event_type", "actor_id", "ip", "target_pk", "operation_name")
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.is_active and request.user.has_perm(VIEW_PERMISSION)


if apps.is_installed("django.contrib.admin"):
    admin.site.register(get_audit_event_model(), AuditEventAdmin)

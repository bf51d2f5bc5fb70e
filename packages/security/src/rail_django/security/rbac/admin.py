"""Django admin for roles and role assignments (registered by ``rail_django.security.admin``)."""

from __future__ import annotations

from django.contrib import admin

from rail_django.security.rbac.models import Role, RoleAssignment


class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "role_type", "is_system_role", "max_users", "updated_at")
    list_filter = ("role_type", "is_system_role")
    search_fields = ("name", "description")


class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("role_name", "user", "group", "assigned_at")
    list_filter = ("role_name",)
    search_fields = ("role_name", "user__username", "group__name")
    raw_id_fields = ("user", "group")


def register_rbac_admin(site: admin.AdminSite) -> None:
    """Register the role tables on ``site`` (Django's ``admin.site`` in ``security/admin.py``)."""
    site.register(Role, RoleAdmin)
    site.register(RoleAssignment, RoleAssignmentAdmin)

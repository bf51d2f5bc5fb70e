"""A permission backend of the kind a project installs, swapped in by the export tests.

- ``noview`` users may not view anything (the list field would refuse them too);
- staff see every product; others only the products they own;
- private suppliers are seen by staff only (a scoped to-one hop);
- ``cost`` is masked (``"***"``) and ``internal_code`` hidden for non-staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.permissions import (
    ALLOWED,
    VISIBLE,
    DjangoModelPermissionBackend,
    FieldDecision,
    FieldRules,
    FieldVisibility,
    PermissionDecision,
)

RULED = {("Product", "cost"), ("Product", "internal_code")}


class ShopBackend(DjangoModelPermissionBackend):
    def check_operation(self, user: Any, model: type[Model], operation: str, **kwargs: Any):
        if user is None or not getattr(user, "is_authenticated", False):
            return PermissionDecision(False, "Authentication required.", ErrorCode.UNAUTHENTICATED)
        if user.username.startswith("noview"):
            return PermissionDecision(False, "You may not view this.", ErrorCode.PERMISSION_DENIED)
        return ALLOWED

    def scopes_rows(self, model: type[Model], **kwargs: Any) -> bool:
        return model.__name__ in ("Product", "Supplier")

    def scope_queryset(self, user: Any, queryset: QuerySet[Any], operation: str = "view", **kw):
        if getattr(user, "is_staff", False):
            return queryset
        if queryset.model.__name__ == "Product":
            return queryset.filter(owner=user)
        if queryset.model.__name__ == "Supplier":
            return queryset.filter(public=True)
        return queryset

    def field_rules(self, model: type[Model], field_name: str, **kwargs: Any) -> FieldRules:
        return FieldRules(read=(model.__name__, field_name) in RULED)

    def field_read(self, user: Any, model: type[Model], field_name: str, **kwargs: Any):
        key = (model.__name__, field_name)
        if key not in RULED or getattr(user, "is_staff", False):
            return VISIBLE
        if field_name == "cost":
            return FieldDecision(FieldVisibility.MASKED, mask_value="***")
        return FieldDecision(FieldVisibility.HIDDEN)

"""A permission backend of the kind a project installs: staff see every order and its margin;
other users see only the orders they own, and never the margin.

It implements the contracts' protocol (as the security package's RBAC does); the tests swap it
in with ``permission_backend.swapped`` so reporting is checked against scoping and field rules
without depending on another extension.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.permissions import (
    ALLOWED,
    DjangoModelPermissionBackend,
    FieldDecision,
    FieldRules,
    FieldVisibility,
    PermissionDecision,
)


class OwnOrdersBackend(DjangoModelPermissionBackend):
    def check_operation(self, user: Any, model: type[Model], operation: str, **kwargs: Any):
        if user is None or not getattr(user, "is_authenticated", False):
            return PermissionDecision(False, "Authentication required.", ErrorCode.UNAUTHENTICATED)
        return ALLOWED

    def scopes_rows(self, model: type[Model], **kwargs: Any) -> bool:
        return model.__name__ == "Order"

    def scope_queryset(self, user: Any, queryset: QuerySet[Any], operation: str = "view", **kw):
        if queryset.model.__name__ != "Order" or getattr(user, "is_staff", False):
            return queryset
        return queryset.filter(owner=user)

    def field_rules(self, model: type[Model], field_name: str, **kwargs: Any) -> FieldRules:
        return FieldRules(read=(model.__name__, field_name) == ("Order", "margin"))

    def field_read(self, user: Any, model: type[Model], field_name: str, **kwargs: Any):
        if (model.__name__, field_name) == ("Order", "margin") and not user.is_staff:
            return FieldDecision(FieldVisibility.HIDDEN)
        return FieldDecision()

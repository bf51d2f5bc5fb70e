"""A permission backend of the kind a project installs: staff see every invoice; other users
see the invoices they own. Users without the model's view permission are refused, as with
Django's model permissions (this backend extends the contracts' default)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from rail_django.contracts.permissions import DjangoModelPermissionBackend


class OwnInvoicesBackend(DjangoModelPermissionBackend):
    def scopes_rows(self, model: type[Model], **kwargs: Any) -> bool:
        return model.__name__ == "PdfInvoice"

    def scope_queryset(self, user: Any, queryset: QuerySet[Any], operation: str = "view", **kw):
        if queryset.model.__name__ != "PdfInvoice" or getattr(user, "is_staff", False):
            return queryset
        return queryset.filter(owner=user)

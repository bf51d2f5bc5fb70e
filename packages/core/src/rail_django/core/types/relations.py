"""Resolvers of relation fields, with the same access rules and scoping as root lists.

A relation never leaks what the root list would refuse: the related model's read rule
(:class:`~rail_django.core.queries.access.ModelAccess`) is checked, and to-many relations go
through the permission backend's ``scope_queryset``. A foreign key hop is scoped too when the
active backend scopes rows (the default Django-permissions backend does not, so the plain
attribute, possibly prefetched, is served).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from rail_django.contracts.permissions import DjangoModelPermissionBackend, get_permission_backend
from rail_django.core.queries.access import ModelAccess


def _backend_scopes_rows(backend: Any, model: type[Model]) -> bool:
    # A backend may say per model whether it narrows rows (optional ``scopes_rows(model)``), so
    # a hop to a model it never scopes serves the (possibly prefetched) attribute, no query.
    scopes_rows = getattr(backend, "scopes_rows", None)
    if scopes_rows is not None:
        return bool(scopes_rows(model))
    return type(backend).scope_queryset is not DjangoModelPermissionBackend.scope_queryset


def forward_resolver(access: ModelAccess, name: str, attname: str, related: type[Model]) -> Any:
    """A foreign key or forward one-to-one: the related row, or null."""

    def resolve(root: Any, info: Any) -> Any:
        user = access.ensure(info)
        backend = get_permission_backend()
        if not _backend_scopes_rows(backend, related):
            return getattr(root, name)
        pk = getattr(root, attname)
        if pk is None:
            return None
        queryset = related._default_manager.filter(pk=pk)
        return backend.scope_queryset(user, queryset, "view").first()

    return resolve


def reverse_one_resolver(access: ModelAccess, accessor: str) -> Any:
    """A reverse one-to-one (``parent.child`` of multi-table inheritance too), or null."""

    def resolve(root: Any, info: Any) -> Any:
        user = access.ensure(info)
        try:
            value = getattr(root, accessor)
        except ObjectDoesNotExist:
            return None
        backend = get_permission_backend()
        if value is None or not _backend_scopes_rows(backend, type(value)):
            return value
        queryset = type(value)._default_manager.filter(pk=value.pk)
        return backend.scope_queryset(user, queryset, "view").first()

    return resolve


def many_resolver(access: ModelAccess, accessor: str) -> Any:
    """A many-to-many or reverse foreign key: the related rows the user may see."""

    def resolve(root: Any, info: Any) -> Any:
        user = access.ensure(info)
        queryset = getattr(root, accessor).all()
        return get_permission_backend().scope_queryset(user, queryset, "view")

    return resolve

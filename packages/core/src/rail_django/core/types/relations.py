"""Resolvers of relation fields, with the same access rules and scoping as root lists.

A relation never leaks what the root list would refuse: the related model's read rule
(:class:`~rail_django.core.queries.access.ModelAccess`) is checked, and to-many relations go
through the queryset pipeline (permission scope, plugin filters, ordering, page window) like a
root list. A foreign key hop is scoped too when the active backend scopes rows (the default
Django-permissions backend does not, so the plain attribute, possibly joined, is served).

The optimizer usually loaded the rows already (a join, or a ``Prefetch`` built by the same
pipeline, stored under :func:`~rail_django.core.optimizer.plans.prefetch_attribute`); the
resolvers then serve them without a query. Otherwise they load them row by row, with the same
rules.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from rail_django.contracts.permissions import get_permission_backend
from rail_django.contracts.queryset_pipeline import build_queryset
from rail_django.core.optimizer import plan_for
from rail_django.core.optimizer.list_window import list_window, unpaged_cap, window_request
from rail_django.core.optimizer.plans import prefetch_attribute
from rail_django.core.queries.access import ModelAccess
from rail_django.core.queries.row_budget import refuse_when_exhausted, spend_rows
from rail_django.core.types.page_required import page_required

_MISSING = object()


def _prefetched(root: Any, info: Any) -> Any:
    return root.__dict__.get(prefetch_attribute(info.field_nodes[0]), _MISSING)


def forward_resolver(access: ModelAccess, name: str, attname: str, related: type[Model]) -> Any:
    """A foreign key or forward one-to-one: the related row, or null."""

    def resolve(root: Any, info: Any) -> Any:
        user = access.ensure(info)
        prefetched = _prefetched(root, info)
        if prefetched is not _MISSING:
            return prefetched
        runtime = access.runtime
        if runtime is None or not runtime.scopes_rows(related):
            return getattr(root, name)
        pk = getattr(root, attname)
        if pk is None:
            return None
        queryset = related._default_manager.filter(pk=pk)
        return get_permission_backend().scope_queryset(
            user, queryset, "view", runtime=runtime
        ).first()

    return resolve


def reverse_one_resolver(access: ModelAccess, accessor: str) -> Any:
    """A reverse one-to-one (``parent.child`` of multi-table inheritance too), or null."""

    def resolve(root: Any, info: Any) -> Any:
        user = access.ensure(info)
        prefetched = _prefetched(root, info)
        if prefetched is not _MISSING:
            return prefetched
        try:
            value = getattr(root, accessor)
        except ObjectDoesNotExist:
            return None
        runtime = access.runtime
        if value is None or runtime is None or not runtime.scopes_rows(type(value)):
            return value
        queryset = type(value)._default_manager.filter(pk=value.pk)
        return get_permission_backend().scope_queryset(
            user, queryset, "view", runtime=runtime
        ).first()

    return resolve


def many_resolver(
    build: Any,
    access: ModelAccess,
    accessor: str,
    related: type[Model],
    join_column: str | None = None,
) -> Any:
    """A many-to-many or reverse foreign key: the related rows the user may see, filtered,
    ordered and paged by the field's own arguments; asked for no page, more rows than
    ``default_page_size`` answer ``RAIL_GQL_PAGE_REQUIRED`` (never a silently cut list).
    ``join_column`` is the related model's foreign key of a reverse relation (always loaded:
    Django reads it on every row)."""
    required = frozenset({join_column} if join_column else ())
    query_settings = build.settings["query_settings"]

    def resolve(root: Any, info: Any, **kwargs: Any) -> Any:
        user = access.ensure(info)
        rows = _prefetched(root, info)
        if rows is _MISSING:
            refuse_when_exhausted()
            request = window_request(
                list_window(kwargs, query_settings),
                related,
                runtime=build.runtime,
                user=user,
                context=info.context,
                selection=plan_for(build, related, info, required_columns=required),
            )
            rows = list(build_queryset(request, getattr(root, accessor).all()))
        cap = unpaged_cap(kwargs, query_settings)
        if cap is not None and len(rows) > cap:
            raise page_required(info, cap, query_settings)
        spend_rows(len(rows))
        return rows

    return resolve

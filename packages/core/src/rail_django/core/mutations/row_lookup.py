"""Finding the rows a mutation touches, through the queryset pipeline.

Every id a client sends (the object to update or delete, a foreign key to connect, members of a
to-many set) is looked up through :func:`~rail_django.contracts.queryset_pipeline.build_queryset`
so the permission backend's object-level scope applies: a row the user may not reach answers
exactly like a row that does not exist, and a malformed id too.

Rows to change are locked (``SELECT ... FOR UPDATE`` on PostgreSQL and other databases that
support it; SQLite serialises writers instead) before they are read, so two concurrent partial
updates of one row each see the other's committed write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Model, QuerySet

from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.contracts.schema_runtime import SchemaRuntime


def parse_pk(model: type[Model], value: Any) -> Any:
    """``value`` as ``model``'s primary key, or ``None`` when it cannot be one.

    An integer outside the key column's range cannot be one either: the database driver would
    refuse it in ``pk IN (...)`` (``OverflowError`` on SQLite, ``bigint out of range`` on
    PostgreSQL) where Django's own ``pk=`` lookup quietly matches nothing.
    """
    if value is None or value == "":
        return None
    try:
        pk = model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None
    return pk if _fits_key_column(model, pk) else None


def _fits_key_column(model: type[Model], pk: Any) -> bool:
    if not isinstance(pk, int):
        return True
    field = model._meta.pk
    while field.is_relation:  # a parent link or one-to-one primary key: the target's column
        field = field.target_field
    ops = connections[router.db_for_read(model)].ops
    try:
        low, high = ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer column
        return True
    return (low is None or low <= pk) and (high is None or pk <= high)


def scoped(
    model: type[Model], user: Any, operation: str, runtime: SchemaRuntime, context: Any
) -> QuerySet[Any]:
    """The rows of ``model`` the pipeline lets ``user`` reach for ``operation``."""
    request = QueryRequest(
        model=model, runtime=runtime, user=user, operation=operation, context=context
    )
    return build_queryset(request)


def locked(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """``queryset`` locking its rows where the database can (see the module docstring)."""
    alias = router.db_for_write(queryset.model)
    if connections[alias].features.has_select_for_update:
        # Lock the model's own rows only (scopes may join other tables), in pk order so that
        # two bulk calls over overlapping rows cannot deadlock.
        of = ("self",) if connections[alias].features.has_select_for_update_of else ()
        return queryset.select_for_update(of=of).order_by("pk")
    return queryset.order_by("pk")


def rows_by_pk(
    model: type[Model],
    values: Sequence[Any],
    *,
    user: Any,
    operation: str,
    runtime: SchemaRuntime,
    context: Any,
    lock: bool = False,
) -> dict[int, Model]:
    """The rows of ``values`` (client ids) the user may reach, by position in ``values``.

    Positions missing from the answer are ids that are malformed, absent or out of scope.
    One query whatever the number of ids.
    """
    parsed = {index: parse_pk(model, value) for index, value in enumerate(values)}
    wanted = {pk for pk in parsed.values() if pk is not None}
    if not wanted:
        return {}
    allowed = scoped(model, user, operation, runtime, context).filter(pk__in=wanted)
    # The scoped queryset decides which rows; the lock is taken on a plain query of them, so a
    # scope using DISTINCT or aggregates cannot make FOR UPDATE invalid.
    queryset = model._default_manager.filter(pk__in=allowed.values("pk"))
    if lock:
        queryset = locked(queryset)
    found = {row.pk: row for row in queryset}
    return {index: found[pk] for index, pk in parsed.items() if pk in found}

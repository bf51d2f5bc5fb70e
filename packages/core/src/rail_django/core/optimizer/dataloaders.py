"""Batch loading for what the planner cannot join: ``model_property(batch=...)``.

Execution is synchronous, so a loader cannot wait for its siblings to ask. Instead, rows that
come out of one queryset evaluation are grouped as they are built (the optimizer swaps in
:class:`SiblingIterable` when the selection holds a batched property), and the first row asked
for a value loads it for up to ``dataloader_batch_size`` rows of its group at once. A list of
``n`` rows costs ``ceil(n / dataloader_batch_size)`` batch calls, whatever the nesting: rows of a
prefetched relation come out of one evaluation for every parent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.db.models.query import ModelIterable

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.core.optimizer.model_properties import ModelProperty

#: Attribute holding the list of rows built by the same queryset evaluation.
SIBLINGS_ATTRIBUTE = "_rail_siblings"


class SiblingIterable(ModelIterable):
    """Django's model iterable, recording every row's siblings as it builds them."""

    def __iter__(self) -> Any:
        group: list[Any] = []
        for row in super().__iter__():
            row.__dict__[SIBLINGS_ATTRIBUTE] = group
            group.append(row)
            yield row


def group_rows(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """``queryset`` whose rows know their siblings (a model queryset only; others pass)."""
    if queryset._iterable_class is not ModelIterable:
        return queryset
    queryset = queryset._chain()
    queryset._iterable_class = SiblingIterable
    return queryset


def batched_value(row: Any, prop: ModelProperty, performance: Mapping[str, Any]) -> Any:
    """``prop``'s value for ``row``, loaded with its siblings' values in batches."""
    cache_name = f"_rail_batch_{prop.name}"
    known = row.__dict__
    if cache_name in known:
        return known[cache_name]
    if performance["enable_dataloader"]:
        size = performance["dataloader_batch_size"]
        group = known.get(SIBLINGS_ATTRIBUTE) or [row]
        pending = [
            other for other in group if cache_name not in other.__dict__ and other is not row
        ]
        rows = [row, *pending[: size - 1]]
    else:
        rows = [row]
    values = list(prop.batch(rows))
    if len(values) != len(rows):
        raise RailError(
            f"The batch loader of {prop.name!r} returned {len(values)} values "
            f"for {len(rows)} rows.",
            ErrorCode.INTERNAL_ERROR,
        )
    for other, value in zip(rows, values, strict=True):
        other.__dict__[cache_name] = value
    return known[cache_name]

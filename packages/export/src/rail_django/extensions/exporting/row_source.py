"""The rows of an export: one pipeline queryset, read as tuples in chunks.

The exported model's rows come from the queryset pipeline (permission scope, ``where``, ordering),
exactly as its GraphQL list field gets them. Columns are read with ``values_list`` so no model
instance is built per row:

- a to-one path is one JOIN (``category__name``); a hop to a model the permission backend scopes
  becomes a correlated subquery over that model's own pipeline queryset, so a row the user may
  not see shows as empty, as it would over GraphQL;
- a to-many path is one query per chunk of rows (``chunk_size``), over the related model's
  pipeline queryset, its values joined into one cell.

So the SQL count depends on the number of chunks, never on the number of rows in one chunk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

from django.db.models import F, Model, OuterRef, QuerySet, Subquery

from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.contracts.schema_runtime import SchemaRuntime
from rail_django.extensions.exporting.cell_values import csv_value
from rail_django.extensions.exporting.columns import Column, Hop

_PK = "_rail_export_pk"


class RowSource:
    """Reads ``columns`` of ``queryset`` for ``user``, ``chunk_size`` rows per round trip."""

    def __init__(
        self,
        runtime: SchemaRuntime,
        user: Any,
        queryset: QuerySet[Any],
        columns: Sequence[Column],
        *,
        chunk_size: int,
        separator: str,
        context: Any = None,
    ) -> None:
        self.runtime = runtime
        self.user = user
        self.columns = tuple(columns)
        self.chunk_size = max(1, chunk_size)
        self.separator = separator
        self.context = context
        self.queryset = queryset
        self._names: list[str | None] = []
        annotations: dict[str, Any] = {_PK: F("pk")}
        for index, column in enumerate(self.columns):
            if column.masked or column.many_at is not None:
                self._names.append(None)
                continue
            name = f"_rail_export_{index}"
            annotations[name] = self.to_one_expression(queryset.model, column.hops)
            self._names.append(name)
        self._annotations = annotations

    def scoped(self, model: type[Model]) -> QuerySet[Any]:
        """``model``'s rows as the pipeline gives them to this user (scope only, no where)."""
        request = QueryRequest(
            model=model, runtime=self.runtime, user=self.user, context=self.context
        )
        return build_queryset(request)

    def to_one_expression(self, model: type[Model], hops: Sequence[Hop]) -> Any:
        """The value of a to-one path: a JOIN, or a subquery at the first scoped hop."""
        for position, hop in enumerate(hops[:-1]):
            related = hop.field.related_model
            if self.runtime.scopes_rows(related):
                key = "__".join(h.name for h in hops[: position + 1])
                inner = self.scoped(related).order_by().filter(pk=OuterRef(key))
                inner = inner.annotate(
                    _rail_v=self.to_one_expression(related, hops[position + 1 :])
                )
                return Subquery(inner.values("_rail_v")[:1])
        return F("__".join(h.name for h in hops))

    def rows(self, limit: int) -> Iterator[list[Any]]:
        """Up to ``limit`` rows, each a list of raw values in column order."""
        values = self.queryset.annotate(**self._annotations).values_list(
            _PK, *[n for n in self._names if n is not None]
        )
        iterator = values[:limit].iterator(chunk_size=self.chunk_size)
        many = [(i, c) for i, c in enumerate(self.columns) if c.many_at is not None]
        if all(name is not None for name in self._names):  # every column read by the query
            for row in iterator:
                yield list(row[1:])
            return
        while True:
            chunk = list(islice(iterator, self.chunk_size))
            if not chunk:
                return
            joined = {i: self.many_values(c, [row[0] for row in chunk]) for i, c in many}
            for row in chunk:
                yield self._row(row, joined)

    def _row(self, row: tuple[Any, ...], joined: dict[int, dict[Any, str]]) -> list[Any]:
        out: list[Any] = []
        position = 1
        for index, column in enumerate(self.columns):
            if column.masked:
                out.append(column.mask_value)
            elif column.many_at is not None:
                out.append(joined[index].get(row[0], ""))
            else:
                out.append(row[position])
                position += 1
        return out

    def many_values(self, column: Column, pks: list[Any]) -> dict[Any, str]:
        """``{row pk: joined values}`` of a to-many column for one chunk: one query."""
        many_hop = column.hops[column.many_at or 0]
        related = many_hop.field.related_model
        back = back_path(column.hops[: (column.many_at or 0) + 1])
        queryset = self.scoped(related).filter(**{f"{back}__in": pks})
        rest = column.hops[(column.many_at or 0) + 1 :]
        value = self.to_one_expression(related, rest) if rest else F("pk")
        pairs = queryset.annotate(_rail_owner=F(back), _rail_v=value).values_list(
            "_rail_owner", "_rail_v"
        )
        found: dict[Any, list[str]] = defaultdict(list)
        for owner, item in pairs:
            if item is not None:
                found[owner].append(csv_value(item, escape=False))
        return {owner: self.separator.join(items) for owner, items in found.items()}


def back_path(hops: Sequence[Hop]) -> str:
    """The lookup from the last hop's related model back to the exported model's key."""
    parts = []
    for hop in reversed(hops):
        field = hop.field
        if field.auto_created and not field.concrete:  # a reverse relation: its forward field
            parts.append(field.field.name)
        else:
            parts.append(field.related_query_name())
    return "__".join(parts)

"""What a query needs from the database, as plain values: the optimizer's plan.

A :class:`QueryPlan` is read from a GraphQL selection (:mod:`.selection_reader`) and applied to a
queryset (:mod:`.plan_applier`); neither module knows how the other works. Plans are built once
per (schema, document, operation, field path, variable values) and cached, so they are never
mutated after they are built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

#: Prefix of the attribute a prefetched GraphQL relation is stored under on its parent row.
PREFETCH_PREFIX = "_rail_"


def prefetch_attribute(field_node: Any) -> str:
    """The attribute holding the prefetched rows of the relation selected by ``field_node``.

    Named after the field's first node in the (cached, hence long-lived) document: the resolver
    finds it from ``info.field_nodes[0]``, and two aliases of one relation, even under two
    aliases of one join, never share it.
    """
    return f"{PREFETCH_PREFIX}{id(field_node):x}"


@dataclass(frozen=True)
class ListWindow:
    """The arguments of a nested list field, as the queryset pipeline takes them.

    ``cap`` is set when the client asked for no page: the list may hold at most ``cap`` rows
    per parent, and ``limit`` is ``cap + 1`` so that one more tells it holds too many.
    ``plugin_arguments`` holds every plugin list argument (``where``, ``quick``...) by name.
    """

    order_by: tuple[str, ...] | None = None
    offset: int | None = None
    limit: int | None = None
    cap: int | None = None
    plugin_arguments: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RelationPlan:
    """One relation the client selected (``response_key`` is its alias or name).

    ``name`` is the Django accessor; ``many`` tells a to-many relation from a to-one hop;
    ``window`` holds a to-many field's own arguments; ``plan`` is what the related rows need;
    ``attribute`` is where prefetched rows are stored on the parent (:func:`prefetch_attribute`).
    """

    response_key: str
    name: str
    model: type[Model]
    many: bool
    plan: QueryPlan
    window: ListWindow | None = None
    attribute: str = ""


@dataclass(frozen=True)
class QueryPlan:
    """What the rows of one model need.

    - ``columns``: field names to load (``only()``); ``all_columns`` when something selected
      needs columns the planner cannot name (a property without declared dependencies).
    - ``relations``: relations the client selected, by prefetch attribute.
    - ``dependency_joins`` / ``dependency_prefetches``: relation paths declared by
      ``model_property(depends_on=...)``, loaded for the property's own use (not scoped: the
      property computes the model's own value).
    - ``batched``: names of selected batched properties (their rows are grouped for loaders).
    """

    model: type[Model]
    columns: frozenset[str] = frozenset()
    all_columns: bool = False
    relations: Mapping[str, RelationPlan] = field(default_factory=dict)
    dependency_joins: Mapping[str, QueryPlan] = field(default_factory=dict)
    dependency_prefetches: frozenset[str] = frozenset()
    batched: frozenset[str] = frozenset()

    def describe(self) -> dict[str, Any]:
        """A JSON-friendly view of the plan (for logs, debugging and tests)."""
        return {
            "model": self.model._meta.label,
            "columns": sorted(self.columns),
            "all_columns": self.all_columns,
            "relations": {
                rel.response_key: {
                    "name": rel.name,
                    "many": rel.many,
                    "window": None if rel.window is None else vars(rel.window),
                    "plan": rel.plan.describe(),
                }
                for rel in sorted(self.relations.values(), key=lambda r: r.response_key)
            },
            "dependency_joins": {k: v.describe() for k, v in sorted(self.dependency_joins.items())},
            "dependency_prefetches": sorted(self.dependency_prefetches),
            "batched": sorted(self.batched),
        }

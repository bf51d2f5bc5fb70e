"""The ``GraphQLMeta`` base class users subclass inside a model, and its nested declarations.

Each nested declaration is a frozen dataclass, so a model's configuration is a value that can be
compared, printed and loaded the same way from ``meta.yaml``::

    class Product(models.Model):
        class GraphQLMeta(GraphQLMeta):
            fields = GraphQLMeta.Fields(exclude=["cost_price"], read_only=["sku"])
            ordering = GraphQLMeta.Ordering(allowed=["name", "price"], default=["-price"])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Fields:
    """Which model fields the API exposes.

    ``include``: only these (``None``: every field); ``exclude``: never these; ``read_only``:
    exposed for reading but never accepted as mutation input.
    """

    include: Sequence[str] | None = None
    exclude: Sequence[str] = ()
    read_only: Sequence[str] = ()


@dataclass(frozen=True)
class Ordering:
    """Which paths ``orderBy`` accepts (``None``: every exposed field) and the default order."""

    allowed: Sequence[str] | None = None
    default: Sequence[str] = ()


@dataclass(frozen=True)
class FilterField:
    """The filter lookups (``None``: the type's defaults) and choices offered for one field."""

    lookups: Sequence[str] | None = None
    choices: Sequence[Any] | None = None


@dataclass(frozen=True)
class Filtering:
    """Filtering configuration, read by the filtering package.

    ``quick``: fields searched by the quick-search argument; ``fields``: per-field lookups.
    """

    quick: Sequence[str] = ()
    fields: Mapping[str, FilterField] = field(default_factory=dict)


@dataclass(frozen=True)
class Classification:
    """Data classification tags (``["pii"]``) for the whole model and per field."""

    model: Sequence[str] = ()
    fields: Mapping[str, Sequence[str]] = field(default_factory=dict)


class GraphQLMeta:
    """Base class of a model's inner ``GraphQLMeta`` (or legacy ``GraphqlMeta``) class.

    Set any of the class attributes below; anything left unset falls back to the app's
    ``meta.yaml`` / ``meta.json`` entry, then to the defaults. ``access``, ``field_permissions``
    and ``guards`` are stored as written for the security package.
    """

    Fields = Fields
    Ordering = Ordering
    Filtering = Filtering
    FilterField = FilterField
    Classification = Classification

    fields: Fields | None = None
    filtering: Filtering | None = None
    ordering: Ordering | None = None
    classifications: Classification | None = None
    #: ``{"key": [names]}`` or the guide's ``[{"key": ..., "label": ..., "fields": [...]}]``.
    field_groups: Mapping[str, Sequence[str]] | Sequence[Mapping[str, Any]] | None = None
    custom_metadata: Mapping[str, Any] | None = None
    access: Any = None
    field_permissions: Any = None
    guards: Any = None


#: The attribute names a GraphQLMeta declaration may set.
META_KEYS = (
    "fields",
    "filtering",
    "ordering",
    "classifications",
    "field_groups",
    "custom_metadata",
    "access",
    "field_permissions",
    "guards",
)

#: Inner class names looked up on a model, in order.
INNER_CLASS_NAMES = ("GraphQLMeta", "GraphqlMeta")

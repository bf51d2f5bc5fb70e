"""The columns of an export: each requested field resolved, hop by hop, against the schema.

A column is a path of fields from the exported model (``"category.name"``). Each hop must be a
field the schema's GraphQL type exposes, allowed by ``RAIL_DJANGO_EXPORT["models"]`` and readable
by the user according to the schema runtime's field-access table: a hidden field is refused, a
masked last hop exports its mask value. At most one hop may be to-many (its values are joined into
one cell with ``many_separator``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import FieldVisibility
from rail_django.contracts.schema_runtime import SchemaRuntime
from rail_django.core.model_fields import field_map
from rail_django.extensions.exporting.schema_plan import ExportSchemaPlan


@dataclass(frozen=True)
class Hop:
    """One step of a path: ``model.name`` (``field`` is Django's field or reverse relation)."""

    model: type[Model]
    name: str
    field: Any

    @property
    def is_relation(self) -> bool:
        return bool(getattr(self.field, "is_relation", False))

    @property
    def to_many(self) -> bool:
        return bool(self.field.many_to_many or self.field.one_to_many)

    @property
    def reverse(self) -> bool:
        return not getattr(self.field, "concrete", False)


@dataclass(frozen=True)
class Column:
    """One exported column: its ``accessor`` as requested, its ``title`` and its ``hops``.

    ``masked`` columns are never read from the database: every row shows ``mask_value``.
    ``many_at`` is the index of the to-many hop (``None``: every hop is to-one).
    """

    accessor: str
    title: str
    hops: tuple[Hop, ...]
    masked: bool = False
    mask_value: Any = None
    many_at: int | None = None

    @property
    def last(self) -> Hop:
        return self.hops[-1]

    @property
    def lookup(self) -> str:
        """The ORM lookup of the path (``category__name``); a relation ends on its key."""
        return "__".join(hop.name for hop in self.hops)


def normalise_accessor(raw: str) -> str:
    """``"category__name"`` and ``"category.name"`` name the same path."""
    return raw.strip().replace("__", ".")


def parse_field_spec(item: Any, index: int) -> tuple[str, str | None]:
    """``(accessor, title or None)`` of one entry of ``fields``."""
    if isinstance(item, str) and item.strip():
        return normalise_accessor(item), None
    if isinstance(item, Mapping):
        accessor, title = item.get("accessor"), item.get("title")
        unknown = sorted(set(item) - {"accessor", "title"})
        if unknown:
            raise RailError(
                _("fields[%(index)d]: unknown key %(key)r (use accessor and title).")
                % {"index": index, "key": unknown[0]},
                ErrorCode.INVALID_ARGUMENT,
            )
        if isinstance(accessor, str) and accessor.strip():
            if title is not None and not isinstance(title, str):
                raise RailError(
                    _("fields[%(index)d].title must be a string.") % {"index": index},
                    ErrorCode.INVALID_ARGUMENT,
                )
            return normalise_accessor(accessor), title
    raise RailError(
        _("fields[%(index)d] must be a field path or an {accessor, title} object.")
        % {"index": index},
        ErrorCode.INVALID_ARGUMENT,
    )


class ColumnResolver:
    """Resolves requested fields for one user, one model and one schema."""

    def __init__(
        self,
        runtime: SchemaRuntime,
        plan: ExportSchemaPlan,
        user: Any,
        *,
        allowed_paths: Sequence[str] | None,
        context: Any = None,
    ) -> None:
        self.runtime = runtime
        self.plan = plan
        self.user = user
        self.allowed = (
            None if allowed_paths is None else {normalise_accessor(p) for p in allowed_paths}
        )
        self.context = context

    def resolve(self, model: type[Model], fields: Sequence[Any]) -> tuple[Column, ...]:
        return tuple(self.column(model, item, index) for index, item in enumerate(fields))

    def column(self, model: type[Model], item: Any, index: int) -> Column:
        accessor, title = parse_field_spec(item, index)
        if self.allowed is not None and accessor not in self.allowed:
            raise RailError(
                _("%(path)r may not be exported (not in the export allow-list of %(model)s).")
                % {"path": accessor, "model": model._meta.label},
                ErrorCode.EXPORT_NOT_ALLOWED,
            )
        hops = self.hops(model, accessor)
        many = [i for i, hop in enumerate(hops) if hop.to_many]
        if len(many) > 1:
            raise RailError(
                _("%(path)r crosses more than one to-many relation; export one at a time.")
                % {"path": accessor},
                ErrorCode.INVALID_EXPORT_FIELD,
            )
        masked, mask_value = self.read_decision(accessor, hops)
        return Column(
            accessor=accessor,
            title=title if title is not None else default_title(hops),
            hops=hops,
            masked=masked,
            mask_value=mask_value,
            many_at=many[0] if many else None,
        )

    def hops(self, model: type[Model], accessor: str) -> tuple[Hop, ...]:
        hops: list[Hop] = []
        current: type[Model] | None = model
        names = accessor.split(".")
        for position, name in enumerate(names):
            if current is None:
                raise RailError(
                    _("%(path)r: %(name)r is not a relation, so nothing follows it.")
                    % {"path": accessor, "name": names[position - 1]},
                    ErrorCode.INVALID_EXPORT_FIELD,
                )
            exposed = self.plan.exposed.get(current)
            field = field_map(current).get(name)
            if exposed is None or field is None or name not in exposed:
                raise RailError(
                    _("%(path)r: %(model)s has no exported field %(name)r.")
                    % {"path": accessor, "model": current.__name__, "name": name},
                    ErrorCode.INVALID_EXPORT_FIELD,
                )
            hops.append(Hop(current, name, field))
            current = field.related_model if getattr(field, "is_relation", False) else None
            if current is not None and current not in self.plan.exposed:
                raise RailError(
                    _("%(path)r: %(model)s is not in this schema.")
                    % {"path": accessor, "model": current.__name__},
                    ErrorCode.INVALID_EXPORT_FIELD,
                )
        return tuple(hops)

    def read_decision(self, accessor: str, hops: tuple[Hop, ...]) -> tuple[bool, Any]:
        """``(masked, mask_value)``; a hidden hop, or a masked relation hop, is refused."""
        access = self.runtime.field_access
        for position, hop in enumerate(hops):
            decision = access.read(self.user, hop.model, hop.name, context=self.context)
            if decision.visibility is FieldVisibility.VISIBLE:
                continue
            if decision.visibility is FieldVisibility.MASKED and position == len(hops) - 1:
                return True, decision.mask_value
            raise RailError(
                _("You may not export %(field)s (column %(path)r).")
                % {"field": f"{hop.model.__name__}.{hop.name}", "path": accessor},
                ErrorCode.PERMISSION_DENIED,
            )
        return False, None


def default_title(hops: Sequence[Hop]) -> str:
    """``Category / Name``: the verbose names of the hops."""
    parts = []
    for hop in hops:
        verbose = getattr(hop.field, "verbose_name", None) or hop.name.replace("_", " ")
        parts.append(str(verbose)[:1].upper() + str(verbose)[1:])
    return " / ".join(parts)

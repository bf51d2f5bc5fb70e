"""What may be filtered on each model of a schema, decided once per schema.

A :class:`ModelFilterPlan` maps every key a ``where`` may hold (``price``, ``vendorRel``,
``reviewsCount``, ``AND``...) to what it means in Django terms. Only the fields a schema exposes
(after ``exclude_fields``, ``GraphQLMeta.Fields`` and relations to models outside the schema) get a
key; ``GraphQLMeta.Filtering.fields`` narrows their operators and choices. Nothing else can reach
the ORM: a key that is not in the plan is refused, whatever it looks like.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.db.models import ForeignObjectRel, Model

from rail_django.contracts.settings_registry import ResolvedSettings, settings_registry
from rail_django.core.build_context import SchemaBuild
from rail_django.core.model_fields import field_map
from rail_django.filtering.field_kinds import Coercer, coercer, field_kind
from rail_django.filtering.operators import (
    KIND_OPERATORS,
    Kind,
    canonical_operator,
    schema_operator_name,
)

LOGICAL_KEYS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class FieldFilter:
    """One filterable scalar (or foreign key id) field."""

    key: str  # the where key (schema name)
    name: str  # the API / Django name
    path: str  # the Django path conditions are written on
    kind: Kind
    field: Any
    operators: Mapping[str, str]  # operator key in the schema -> operator id
    coerce: Coercer
    choices: frozenset[Any] | None = None  # allowed values (FilterField.choices)
    restricted: bool = False  # operators narrowed by GraphQLMeta


@dataclass(frozen=True)
class RelationFilter:
    """A relation reachable from a where: ``<field>Rel`` (and ``<field>Count`` for to-many)."""

    key: str
    name: str
    related: type[Model]
    many: bool
    #: to-one: the Django query name conditions join through.
    query_name: str = ""
    #: to-many: the path from a related row back to the outer row, and the outer field it targets.
    back_path: str = ""
    outer_field: str = "pk"


@dataclass(frozen=True)
class QuickPath:
    """One ``Filtering.quick`` path: its Django path and whether it crosses a to-many relation."""

    path: str
    many: bool


@dataclass(frozen=True)
class ModelFilterPlan:
    model: type[Model]
    type_name: str
    fields: Mapping[str, FieldFilter]
    relations: Mapping[str, RelationFilter]
    counts: Mapping[str, RelationFilter]
    quick: tuple[QuickPath, ...] = ()
    camel: bool = True
    problems: tuple[str, ...] = field(default=())

    def keys(self) -> list[str]:
        """Every key a where of this model accepts."""
        return [*self.fields, *self.relations, *self.counts, *LOGICAL_KEYS]


def _query_name(model_field: Any) -> str:
    """The name Django filters through: a reverse relation's query name is not its accessor
    (``review_set`` is queried as ``review``)."""
    if isinstance(model_field, ForeignObjectRel):
        return model_field.field.related_query_name()
    return model_field.name


def _back_path(relation: Any) -> tuple[str, str]:
    """(path from a related row back to the owner, owner field it points at) of a to-many."""
    if isinstance(relation, ForeignObjectRel):
        remote = relation.field  # the FK / M2M declared on the related model
        if relation.one_to_many:
            return remote.name, remote.target_field.attname
        return remote.name, "pk"
    return relation.related_query_name(), "pk"


class SchemaFilterPlans:
    """The plans of every model of one schema (computed lazily, once)."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.settings: ResolvedSettings = context.settings
        self.camel = context.field_name("a_b") == "aB"
        self._plans: dict[type[Model], ModelFilterPlan] = {}
        self._lock = threading.RLock()

    def has_model(self, model: type[Model]) -> bool:
        return model in self.context.models

    def type_name(self, model: type[Model]) -> str:
        namer = getattr(self.context, "type_name", None)
        return namer(model) if namer else model.__name__

    def plan(self, model: type[Model]) -> ModelFilterPlan:
        """The plan of ``model`` (``KeyError`` when the schema does not hold it)."""
        plan = self._plans.get(model)
        if plan is None:
            if not self.has_model(model):
                raise KeyError(model)
            with self._lock:
                plan = self._build(model)
                self._plans[model] = plan
        return plan

    def _key(self, name: str) -> str:
        return self.context.field_name(name)

    def _build(self, model: type[Model]) -> ModelFilterPlan:
        meta = self.context.model_meta(model).filtering
        per_field = meta.fields
        fields: dict[str, FieldFilter] = {}
        relations: dict[str, RelationFilter] = {}
        counts: dict[str, RelationFilter] = {}
        problems: list[str] = []
        all_fields = field_map(model)
        pk = model._meta.pk
        fields["id"] = self._field_filter("id", "pk", pk, Kind.ID, per_field.get("id"), problems)
        for name in self.context.exposed_fields(model):
            model_field = all_fields[name]
            rule = per_field.get(name)
            if model_field.is_relation:
                self._relation(model_field, name, rule, fields, relations, counts, problems)
                continue
            kind = field_kind(model_field)
            if kind is None or name == "id":
                continue
            entry = self._field_filter(self._key(name), name, model_field, kind, rule, problems)
            if entry.operators:
                fields[entry.key] = entry
        quick = self._quick(model, meta.quick, problems)
        return ModelFilterPlan(
            model=model,
            type_name=self.type_name(model),
            fields=MappingProxyType(fields),
            relations=MappingProxyType(relations),
            counts=MappingProxyType(counts),
            quick=quick,
            camel=self.camel,
            problems=tuple(problems),
        )

    def _relation(self, model_field, name, rule, fields, relations, counts, problems) -> None:
        related = model_field.related_model
        if not self.has_model(related):
            return
        many = bool(model_field.many_to_many or model_field.one_to_many)
        if many:
            back, outer = _back_path(model_field)
            entry = RelationFilter(
                self._key(f"{name}_rel"), name, related, True, back_path=back, outer_field=outer
            )
            relations[entry.key] = entry
            counts[self._key(f"{name}_count")] = entry
            return
        relations[self._key(f"{name}_rel")] = RelationFilter(
            self._key(f"{name}_rel"), name, related, False, query_name=_query_name(model_field)
        )
        if isinstance(model_field, ForeignObjectRel):
            return  # a reverse one-to-one has no id column of its own
        id_filter = self._field_filter(
            self._key(name), name, model_field, Kind.ID, rule, problems, path=f"{name}__pk"
        )
        if id_filter.operators:
            fields[id_filter.key] = id_filter

    def _field_filter(
        self,
        key: str,
        name: str,
        model_field: Any,
        kind: Kind,
        rule: Any,
        problems: list[str],
        path: str | None = None,
    ) -> FieldFilter:
        offered = KIND_OPERATORS[kind]
        restricted = rule is not None and rule.lookups is not None
        chosen = offered
        if restricted:
            chosen = ()
            for lookup in rule.lookups:
                op_id = canonical_operator(lookup, kind)
                if op_id is None:
                    problems.append(
                        f"{name}: lookup {lookup!r} is not offered for {kind.value} fields; "
                        f"expected some of {list(offered)}"
                    )
                elif op_id not in chosen:
                    chosen = (*chosen, op_id)
            chosen = tuple(op for op in offered if op in chosen)  # the kind's order
        operators = {schema_operator_name(op, self.camel): op for op in chosen}
        choices = None
        value_check = coercer(kind, model_field)
        if rule is not None and rule.choices is not None:
            allowed = set()
            for choice in rule.choices:
                try:
                    allowed.add(value_check(choice))
                except ValueError as exc:
                    problems.append(f"{name}: choice {choice!r} is not valid ({exc})")
            choices = frozenset(allowed)
        return FieldFilter(
            key=key,
            name=name,
            path=path or name,
            kind=kind,
            field=model_field,
            operators=MappingProxyType(operators),
            coerce=value_check,
            choices=choices,
            restricted=restricted or choices is not None,
        )

    def _quick(self, model: type[Model], paths: Any, problems: list[str]) -> tuple[QuickPath, ...]:
        found = []
        for raw in paths:
            resolved = self._quick_path(model, raw)
            if isinstance(resolved, str):
                problems.append(f"quick: {raw!r} {resolved}")
            else:
                found.append(resolved)
        return tuple(found)

    def _quick_path(self, model: type[Model], raw: str) -> QuickPath | str:
        """A quick path through exposed fields only, ending on a text-like field."""
        current, many = model, False
        segments = str(raw).split("__")
        django_path: list[str] = []
        for index, segment in enumerate(segments):
            if segment not in self.context.exposed_fields(current):
                return f"is not an exposed field path ({segment!r} of {current.__name__})"
            model_field = field_map(current)[segment]
            django_path.append(_query_name(model_field) if model_field.is_relation else segment)
            last = index == len(segments) - 1
            if model_field.is_relation:
                if last:
                    return "ends on a relation; name a text field of it"
                many = many or bool(model_field.many_to_many or model_field.one_to_many)
                current = model_field.related_model
                if not self.has_model(current):
                    return f"crosses {segment!r}, whose model is not in this schema"
            elif not last:
                return f"continues after the field {segment!r}"
            elif field_kind(model_field) not in (Kind.STRING, Kind.CHOICE):
                return "is not a text field"
        return QuickPath("__".join(django_path), many)


# -- plans for the pipeline (outside a schema build) ------------------------------------------
_by_context: weakref.WeakKeyDictionary[Any, SchemaFilterPlans] = weakref.WeakKeyDictionary()
_by_settings: dict[str | None, tuple[ResolvedSettings, SchemaFilterPlans]] = {}
_lock = threading.Lock()


def plans_for_context(context: Any) -> SchemaFilterPlans:
    """The plans of the schema ``context`` is building (one object per build)."""
    plans = _by_context.get(context)
    if plans is None:
        with _lock:
            plans = _by_context.get(context) or SchemaFilterPlans(context)
            _by_context[context] = plans
    return plans


def plans_for_schema(schema_name: str | None) -> SchemaFilterPlans:
    """The plans of ``schema_name`` from its current settings (rebuilt when settings change)."""
    settings = settings_registry.resolve(schema_name)
    cached = _by_settings.get(schema_name)
    if cached is not None and cached[0] is settings:
        return cached[1]
    with _lock:
        plans = SchemaFilterPlans(SchemaBuild(schema_name or "", settings))
        _by_settings[schema_name] = (settings, plans)
        return plans


def clear_plan_cache() -> None:
    """Forget the pipeline's plans (the next request recomputes them)."""
    _by_settings.clear()

"""What may be filtered on each model of a schema, decided once, when core builds the schema.

A :class:`ModelFilterPlan` maps every key a ``where`` may hold (``price``, ``vendorRel``,
``reviewsCount``, ``AND``...) to what it means in Django terms. Only the fields a schema exposes
(after ``exclude_fields``, ``GraphQLMeta.Fields`` and relations to models outside the schema) get a
key; ``GraphQLMeta.Filtering.fields`` narrows their operators and choices. Nothing else can reach
the ORM: a key that is not in the plan is refused, whatever it looks like.

:func:`build_schema_plans` is filtering's ``SCHEMA_PLANS`` contribution: core calls it with the
real build context of each schema it builds and keeps the :class:`SchemaFilterPlans` on the
schema's runtime (``runtime.plan("rail_django.filtering")``). Requests only read those plans
(:func:`schema_plans`); nothing is derived from the models or the settings per request.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.db.models import ForeignObjectRel, Model
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.schema_runtime import SchemaRuntime, get_schema_runtime
from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.model_fields import field_map
from rail_django.core.registry import DEFAULT_SCHEMA_NAME
from rail_django.filtering.field_kinds import Coercer, coercer, field_kind, year_coercer
from rail_django.filtering.operators import (
    KIND_OPERATORS,
    OPERATORS,
    Kind,
    Operator,
    canonical_operator,
    schema_operator_name,
)
from rail_django.filtering.settings_section import filters_enabled

#: The plugin name filtering registers its contributions under (its app name).
PLUGIN = "rail_django.filtering"

#: Operators of a JSON key path condition (``keys: [{path: ["a"], eq: 1}]``).
KEY_PATH_OPERATORS = ("eq", "neq", "in", "gt", "gte", "lt", "lte", "icontains", "is_null")

LOGICAL_KEYS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class FieldFilter:
    """One filterable scalar (or foreign key id) field."""

    key: str  # the where key (schema name)
    name: str  # the API / Django name
    path: str  # the Django path conditions are written on
    kind: Kind
    field: Any
    operators: Mapping[str, Operator]  # operator key in the schema -> the operator
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
    """One ``Filtering.quick`` path: its Django path, whether it crosses a to-many relation, and
    the model and field it ends on (whose readability decides whether it is searched)."""

    path: str
    many: bool
    model: type[Model] | None = None
    field_name: str = ""


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


@dataclass(frozen=True)
class Limits:
    """A schema's ``filtering_settings`` limits and the permission keys the compiler reads."""

    max_depth: int
    max_conditions: int
    max_list_values: int
    max_regex_length: int
    quick_max_length: int
    quick_max_terms: int
    full_text_search: bool
    full_text_config: str
    require_model_permissions: bool
    codename: str | None

    @classmethod
    def of(cls, settings: ResolvedSettings) -> Limits:
        limits = settings["filtering_settings"]
        query = settings["query_settings"]
        return cls(
            max_depth=limits["max_depth"],
            max_conditions=limits["max_conditions"],
            max_list_values=limits["max_list_values"],
            max_regex_length=limits["max_regex_length"],
            quick_max_length=limits["quick_max_length"],
            quick_max_terms=limits["quick_max_terms"],
            full_text_search=bool(limits["full_text_search"]),
            full_text_config=str(limits["full_text_config"]),
            require_model_permissions=bool(query["require_model_permissions"]),
            codename=query["model_permission_codename"],
        )


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


def _operator_map(kind: Kind, camel: bool) -> Mapping[str, str]:
    return _compiled(KIND_OPERATORS[kind], camel)


def _compiled(op_ids: tuple[str, ...], camel: bool) -> Mapping[str, Operator]:
    """Operators by the input field name the schema shows them under (resolved once)."""
    return MappingProxyType({schema_operator_name(op, camel): OPERATORS[op] for op in op_ids})


class SchemaFilterPlans:
    """The plans of every model of one schema, built once from its build context.

    Besides the per-model plans it holds what the compiler would otherwise derive per call: the
    limits, the operator maps of date parts, dates, counts and JSON key paths under the schema's
    naming, and their value checks. ``runtime`` is the schema's runtime (field access, row scope).
    """

    def __init__(self, context: Any) -> None:
        self.runtime: SchemaRuntime = context.runtime
        self.settings: ResolvedSettings = context.settings
        self.enabled = filters_enabled(self.settings)
        self.limits = Limits.of(self.settings)
        self.camel = context.field_name("a_b") == "aB"
        self._context = context
        self._models = frozenset(context.models)
        # Compiled once: the nested operator inputs every field of a kind shares.
        self.nested: Mapping[Kind, FieldFilter] = MappingProxyType(
            {kind: self._nested_filter(kind) for kind in (Kind.PART, Kind.DATE)}
        )
        #: ``year`` parts: Django compares years through date bounds, which end at year 9999.
        self.year_part = dataclasses.replace(self.nested[Kind.PART], coerce=year_coercer)
        self.count_operators = _operator_map(Kind.COUNT, self.camel)
        self.count_coerce = coercer(Kind.COUNT)
        self.json_coerce = coercer(Kind.JSON)
        self.key_path_operators = _compiled(KEY_PATH_OPERATORS, self.camel)
        self._plans: dict[type[Model], ModelFilterPlan] = {
            model: self._build(model) for model in context.models
        }
        self._context = None  # requests never need the build context
        self.filtersets: dict[type[Model], Any] = {}  # filterset_for's, built on first use
        self.lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<SchemaFilterPlans {self.runtime.name!r}: {len(self._plans)} models>"

    def has_model(self, model: type[Model]) -> bool:
        return model in self._models

    @property
    def models(self) -> tuple[type[Model], ...]:
        return tuple(self._plans)

    def plan(self, model: type[Model]) -> ModelFilterPlan:
        """The plan of ``model`` (``KeyError`` when the schema does not hold it)."""
        return self._plans[model]

    # -- building (once per schema) -------------------------------------------------------------
    def _key(self, name: str) -> str:
        return self._context.field_name(name)

    def _type_name(self, model: type[Model]) -> str:
        namer = getattr(self._context, "type_name", None)
        return namer(model) if namer else model.__name__

    def _nested_filter(self, kind: Kind) -> FieldFilter:
        """The operator set of date parts (``year: {gte: 2020}``) or a datetime's ``date``."""
        return FieldFilter(
            key="",
            name="",
            path="",
            kind=kind,
            field=None,
            operators=_operator_map(kind, self.camel),
            coerce=coercer(kind),
        )

    def _build(self, model: type[Model]) -> ModelFilterPlan:
        context = self._context
        meta = context.model_meta(model).filtering
        per_field = meta.fields
        exposed = context.exposed_fields(model)
        fields: dict[str, FieldFilter] = {}
        relations: dict[str, RelationFilter] = {}
        counts: dict[str, RelationFilter] = {}
        problems: list[str] = [
            _("fields: %(name)r is not an exposed field") % {"name": name}
            for name in per_field
            if name != "id" and name not in exposed
        ]
        all_fields = field_map(model)
        pk = model._meta.pk
        fields["id"] = self._field_filter("id", "pk", pk, Kind.ID, per_field.get("id"), problems)
        for name in exposed:
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
            type_name=self._type_name(model),
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
                        _(
                            "%(name)s: lookup %(lookup)r is not offered for %(kind)s fields; "
                            "expected some of %(offered)s"
                        )
                        % {
                            "name": name,
                            "lookup": lookup,
                            "kind": kind.value,
                            "offered": list(offered),
                        }
                    )
                elif op_id not in chosen:
                    chosen = (*chosen, op_id)
            chosen = tuple(op for op in offered if op in chosen)  # the kind's order
        operators = _compiled(chosen, self.camel)
        choices = None
        value_check = coercer(kind, model_field)
        if rule is not None and rule.choices is not None:
            allowed = set()
            for choice in rule.choices:
                try:
                    allowed.add(value_check(choice))
                except ValueError as exc:
                    problems.append(
                        _("%(name)s: choice %(choice)r is not valid (%(reason)s)")
                        % {"name": name, "choice": choice, "reason": exc}
                    )
            choices = frozenset(allowed)
        return FieldFilter(
            key=key,
            name=name,
            path=path or name,
            kind=kind,
            field=model_field,
            operators=operators,
            coerce=value_check,
            choices=choices,
            restricted=restricted or choices is not None,
        )

    def _quick(self, model: type[Model], paths: Any, problems: list[str]) -> tuple[QuickPath, ...]:
        found = []
        for raw in paths:
            resolved = self._quick_path(model, raw)
            if isinstance(resolved, str):
                problems.append(_("quick: %(path)r %(reason)s") % {"path": raw, "reason": resolved})
            else:
                found.append(resolved)
        return tuple(found)

    def _quick_path(self, model: type[Model], raw: str) -> QuickPath | str:
        """A quick path through exposed fields only, ending on a text-like field."""
        current, many = model, False
        segments = str(raw).split("__")
        django_path: list[str] = []
        for index, segment in enumerate(segments):
            if segment not in self._context.exposed_fields(current):
                return _("is not an exposed field path (%(name)r of %(model)s)") % {
                    "name": segment,
                    "model": current.__name__,
                }
            model_field = field_map(current)[segment]
            django_path.append(_query_name(model_field) if model_field.is_relation else segment)
            last = index == len(segments) - 1
            if model_field.is_relation:
                if last:
                    return _("ends on a relation; name a text field of it")
                many = many or bool(model_field.many_to_many or model_field.one_to_many)
                current = model_field.related_model
                if not self.has_model(current):
                    return _("crosses %(name)r, whose model is not in this schema") % {
                        "name": segment
                    }
            elif not last:
                return _("continues after the field %(name)r") % {"name": segment}
            elif field_kind(model_field) not in (Kind.STRING, Kind.CHOICE):
                return _("is not a text field")
        return QuickPath("__".join(django_path), many, current, segments[-1])


# -- the SCHEMA_PLANS contribution and its readers -------------------------------------------
def build_schema_plans(context: Any) -> SchemaFilterPlans:
    """Filtering's ``SCHEMA_PLANS`` provider: core calls it once per schema build."""
    return SchemaFilterPlans(context)


def plans_of_build(context: Any) -> SchemaFilterPlans:
    """The plans of the schema ``context`` is building (made now if core did not ask yet)."""
    runtime = context.runtime
    try:
        return runtime.plan(PLUGIN)
    except KeyError:
        plans = build_schema_plans(context)
        runtime.set_plan(PLUGIN, plans)
        return plans


def schema_plans(runtime: SchemaRuntime) -> SchemaFilterPlans:
    """The plans core built with ``runtime``'s schema.

    A runtime without a schema name (plain Python callers that name no schema) uses the default
    schema's plans. A schema Rail Django did not build (unknown, disabled, a ready-made
    ``graphene.Schema``, or core not installed) has no plans: ``RailError(SCHEMA_NOT_FOUND)``.
    """
    try:
        return runtime.plan(PLUGIN)
    except KeyError:
        pass
    if runtime.name is None:
        try:
            return get_schema_runtime(DEFAULT_SCHEMA_NAME).plan(PLUGIN)
        except KeyError:
            pass
    raise RailError(
        _(
            "Schema %(schema)s has no filters: filters need a schema Rail Django builds "
            "(an enabled schema of rail_django.core, with rail_django.filtering installed)."
        )
        % {"schema": repr(runtime.name or DEFAULT_SCHEMA_NAME)},
        ErrorCode.SCHEMA_NOT_FOUND,
    )

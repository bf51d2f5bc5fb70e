"""Mutation input types generated from models, and the plans that read their values.

For each model of a schema, at build time: ``<Type>CreateInput`` (required fields are those
without a default that may not be blank), ``<Type>UpdateInput`` (every field optional but the
model's ``required_update_fields``, plus ``id`` kept for compatibility) and, for nested creates
through a reverse foreign key, ``<Parent><Relation>CreateInput`` (the link to the parent is set
by the parent). Read-only (``GraphQLMeta.Fields.read_only``), non-editable, primary key and
excluded fields are absent. A file or image field takes an ``Upload`` (a file part of a
multipart request; null clears the field on update). Scalars and choice enums are the ones the
object types use, so an input takes exactly what a query returns.

Relations: a foreign key or one-to-one takes an id (connect); a many-to-many a list of ids (the
new set). With nested relations on, a relation also gets ``<relation>Create`` (forward: one
object; to-many: a list), and to-many relations ``<relation>Add`` / ``<relation>Remove`` (lists
of ids); a reverse foreign key takes ``<relation>`` (the new set) and ``<relation>Remove`` only
when its column is nullable, because removing a child must not orphan it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import graphene
from django.db import models
from django.db.models import ForeignObjectRel, Model

from rail_django.core.build_context import SchemaBuild
from rail_django.core.model_fields import field_map
from rail_django.core.mutations.mutation_options import MutationOptions
from rail_django.core.types.converters import ScalarConverter
from rail_django.core.types.naming import to_camel_case
from rail_django.core.types.upload import Upload


class FieldKind(StrEnum):
    SCALAR = "scalar"
    FORWARD = "forward"  # foreign key, forward one-to-one
    MANY = "many"  # many-to-many, either side
    REVERSE = "reverse"  # reverse foreign key
    FILE = "file"  # FileField / ImageField: an Upload


class Mode(StrEnum):
    CREATE = "create"
    UPDATE = "update"


@dataclass(frozen=True)
class InputFieldPlan:
    """One writable relation or column of a model, as an input reads it."""

    name: str  # the Django API name (``field_map`` key) and the key of the parsed input
    graphql_name: str
    kind: FieldKind
    field: Any
    related: type[Model] | None = None
    nested: frozenset[str] = frozenset()
    nullable_reverse: bool = False

    def key(self, operation: str = "") -> str:
        """The parsed-input key of this field's ``operation`` (``""``: the plain value)."""
        return f"{self.name}_{operation}" if operation else self.name


@dataclass
class InputPlan:
    """How to read one input type into one model."""

    model: type[Model]
    mode: Mode
    fields: dict[str, InputFieldPlan] = field(default_factory=dict)
    #: The foreign key a parent sets (nested creates through a reverse relation).
    parent_field: str | None = None
    #: Django field name -> the name used in error paths.
    names: dict[str, str] = field(default_factory=dict)

    def path_name(self, key: str) -> str:
        """The schema name of a parsed-input key (``items_create`` -> ``itemsCreate``)."""
        return self.names.get(key, key)


def _pascal(name: str) -> str:
    camel = to_camel_case(name)
    return camel[:1].upper() + camel[1:]


def _unwrap(graphql_type: Any) -> Any:
    while isinstance(graphql_type, (graphene.NonNull, graphene.List)):
        graphql_type = graphql_type.of_type
    return graphql_type


def required_on_create(field: models.Field) -> bool:
    """Must a create give ``field`` a value? (Not blank-allowed, and no default of any kind.)"""
    has_db_default = getattr(field, "has_db_default", lambda: False)()
    return not field.blank and not field.has_default() and not has_db_default


def natural_primary_key(field: Any) -> bool:
    """A primary key the client chooses (``code = CharField(primary_key=True)``): not generated
    by the database, not a multi-table parent link."""
    return (
        bool(getattr(field, "primary_key", False))
        and field.editable
        and not field.is_relation
        and not isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)
    )


def carried_by_inputs(field: Any, mode: Mode = Mode.CREATE) -> bool:
    """Can a generated input of ``mode`` carry this forward field at all? Non-editable fields
    never are; a primary key only when it is natural and the row is being created (updates
    name their row by ``id``)."""
    if not field.editable:
        return False
    if getattr(field, "primary_key", False):
        return mode is Mode.CREATE and natural_primary_key(field)
    return True


class InputTypeFactory:
    """Builds and caches the input types and plans of one schema build."""

    def __init__(self, build: SchemaBuild, options: dict[type[Model], MutationOptions]) -> None:
        self.build = build
        self.options = options
        self.converter = ScalarConverter(build.settings)
        self._plans: dict[tuple[Any, ...], InputPlan] = {}
        self._types: dict[tuple[Any, ...], type[graphene.InputObjectType]] = {}

    # -- public --------------------------------------------------------------------------------
    def create_type(self, model: type[Model]) -> type[graphene.InputObjectType]:
        return self._input_type(model, Mode.CREATE, None)

    def update_type(self, model: type[Model]) -> type[graphene.InputObjectType]:
        return self._input_type(model, Mode.UPDATE, None)

    def plan(self, model: type[Model], mode: Mode, parent_field: str | None = None) -> InputPlan:
        """The plan of ``model``'s input (``parent_field``: a nested create under a parent)."""
        key = (model, mode, parent_field)
        if key not in self._plans:
            self._plans[key] = self._make_plan(model, mode, parent_field)
        return self._plans[key]

    def thunk(self, model: type[Model], mode: Mode, parent_field: str | None = None) -> Callable:
        return lambda: self._input_type(model, mode, parent_field)

    # -- plans ---------------------------------------------------------------------------------
    def _make_plan(self, model: type[Model], mode: Mode, parent_field: str | None) -> InputPlan:
        build = self.build
        meta = build.model_meta(model)
        read_only = set(meta.fields.read_only)
        options = self.options[model]
        plan = InputPlan(model, mode, parent_field=parent_field)
        fields = field_map(model)
        for name in build.exposed_fields(model):
            candidate = fields[name]
            if name in read_only or name == parent_field:
                continue
            entry = self._field_plan(model, name, candidate, options, mode)
            if entry is None:
                continue
            plan.fields[name] = entry
            plan.names[name] = entry.graphql_name
            for operation in entry.nested:
                plan.names[entry.key(operation)] = build.field_name(entry.key(operation))
        return plan

    def _field_plan(
        self,
        model: type[Model],
        name: str,
        candidate: Any,
        options: MutationOptions,
        mode: Mode,
    ) -> InputFieldPlan | None:
        graphql_name = self.build.field_name(name)
        if isinstance(candidate, ForeignObjectRel):
            if candidate.one_to_one:
                return None  # reverse one-to-one: written from the other side
            if candidate.many_to_many:
                return self._many(name, graphql_name, candidate, candidate.through, options)
            nullable = bool(candidate.field.null)
            allowed = {"create", "add", "set", "remove"} if nullable else {"create", "add"}
            nested = options.nested_operations(name) & allowed
            if not nested:
                return None
            return InputFieldPlan(
                name,
                graphql_name,
                FieldKind.REVERSE,
                candidate,
                candidate.related_model,
                frozenset(nested),
                nullable_reverse=nullable,
            )
        if not carried_by_inputs(candidate, mode):
            return None
        if isinstance(candidate, models.FileField):
            return InputFieldPlan(name, graphql_name, FieldKind.FILE, candidate)
        if candidate.many_to_many:
            return self._many(
                name, graphql_name, candidate, candidate.remote_field.through, options
            )
        if candidate.is_relation:
            nested = options.nested_operations(name) & {"create"}
            return InputFieldPlan(
                name, graphql_name, FieldKind.FORWARD, candidate, candidate.related_model, nested
            )
        if self._scalar_type(model, name, candidate) is None:
            return None
        return InputFieldPlan(name, graphql_name, FieldKind.SCALAR, candidate)

    def _many(
        self, name: str, graphql_name: str, candidate: Any, through: Any, options: MutationOptions
    ) -> InputFieldPlan | None:
        if through is not None and not through._meta.auto_created:
            return None  # rows of a custom through model carry their own data
        nested = options.nested_operations(name) & {"create", "add", "remove"}
        return InputFieldPlan(
            name, graphql_name, FieldKind.MANY, candidate, candidate.related_model, nested
        )

    # -- graphene types ------------------------------------------------------------------------
    def _type_name(self, model: type[Model], mode: Mode, parent_field: str | None) -> str:
        type_name = self.build.type_name(model)
        if parent_field is None:
            return f"{type_name}{mode.capitalize()}Input"
        parent_model = model._meta.get_field(parent_field).related_model
        accessor = model._meta.get_field(parent_field).remote_field.get_accessor_name()
        return f"{self.build.type_name(parent_model)}{_pascal(accessor)}CreateInput"

    def _input_type(
        self, model: type[Model], mode: Mode, parent_field: str | None
    ) -> type[graphene.InputObjectType]:
        key = (model, mode, parent_field)
        if key in self._types:
            return self._types[key]
        plan = self.plan(model, mode, parent_field)
        attrs: dict[str, Any] = {}
        if mode is Mode.UPDATE:
            attrs["id"] = graphene.InputField(
                graphene.ID, description="Kept for compatibility: use the id argument."
            )
        required_updates = set(self.options[model].required_update_fields)
        for entry in plan.fields.values():
            attrs.update(self._input_fields(model, entry, mode, required_updates))
        name = self._type_name(model, mode, parent_field)
        description = f"The {model._meta.verbose_name} fields of a {mode}."
        meta = type("Meta", (), {"name": name, "description": description})
        input_type = type(name, (graphene.InputObjectType,), {**attrs, "Meta": meta})
        self._types[key] = input_type
        return input_type

    def _input_fields(
        self, model: type[Model], entry: InputFieldPlan, mode: Mode, required_updates: set[str]
    ) -> dict[str, graphene.InputField]:
        build = self.build
        description = str(getattr(entry.field, "help_text", "") or "") or None
        if mode is Mode.CREATE:
            required = entry.kind in (FieldKind.SCALAR, FieldKind.FORWARD, FieldKind.FILE) and (
                required_on_create(entry.field)
            )
        else:
            required = entry.name in required_updates
        ids = graphene.List(graphene.NonNull(graphene.ID))
        out: dict[str, graphene.InputField] = {}

        def add(key: str, graphql_type: Any, text: str | None, *, is_required: bool = False):
            out[key] = graphene.InputField(
                graphql_type,
                name=build.field_name(key) if key != entry.name else entry.graphql_name,
                description=text,
                required=is_required,
            )

        if entry.kind is FieldKind.SCALAR:
            add(
                entry.name,
                self._scalar_type(model, entry.name, entry.field),
                description,
                is_required=required,
            )
        elif entry.kind is FieldKind.FILE:
            text = description or "A file part of the request."
            add(entry.name, Upload, text, is_required=required)
        elif entry.kind is FieldKind.FORWARD:
            # Required unless a nested create may give the object instead.
            add(
                entry.name,
                graphene.ID,
                description or "The id of the related row.",
                is_required=required and "create" not in entry.nested,
            )
            if "create" in entry.nested:
                add(
                    entry.key("create"),
                    self.thunk(entry.related, Mode.CREATE),
                    "Create the related row and link it.",
                )
        else:
            many = entry.kind is FieldKind.MANY
            if many or "set" in entry.nested:
                add(entry.name, ids, "The ids of the related rows: replaces the current set.")
            if "add" in entry.nested:
                add(entry.key("add"), ids, "Ids of rows to link.")
            if "remove" in entry.nested:
                add(entry.key("remove"), ids, "Ids of rows to unlink.")
            if "create" in entry.nested:
                child = (
                    self.thunk(entry.related, Mode.CREATE)
                    if many
                    else self.thunk(entry.related, Mode.CREATE, entry.field.field.name)
                )
                add(
                    entry.key("create"),
                    graphene.List(graphene.NonNull(child)),
                    "Rows to create and link.",
                )
        return out

    def _scalar_type(self, model: type[Model], name: str, candidate: models.Field) -> Any:
        if candidate.choices:
            # The object type's enum: one type per name in a schema.
            object_type = self.build.object_type(model)
            mounted = object_type._meta.fields.get(name)
            return _unwrap(mounted.type) if mounted is not None else None
        graphql_type = self.converter.convert(candidate).graphql_type
        base = _unwrap(graphql_type)
        if isinstance(base, type) and issubclass(base, (graphene.Scalar, graphene.Enum)):
            return graphql_type
        return None

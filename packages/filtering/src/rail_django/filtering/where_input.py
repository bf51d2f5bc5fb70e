"""The GraphQL input types of one schema: ``<Type>WhereInput`` and the operator inputs it uses.

Types are generated from the schema's filter plans when the schema is built, once per schema:
operator inputs are shared by every field of a kind (``StringFilterInput``,
``DecimalFilterInput``...), except for fields whose ``GraphQLMeta.FilterField`` narrows their
operators or choices and for choice fields, which get their own (``ItemStatusFilterInput``, with
the type's choice enum). Relations refer to other where inputs lazily, so cycles (self foreign
keys, ``vendor.items.vendor``) are fine.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Model
from django.utils.translation import gettext as _

from rail_django.core.types import ScalarConverter, choice_enum
from rail_django.filtering.filter_plan import KEY_PATH_OPERATORS, FieldFilter, SchemaFilterPlans
from rail_django.filtering.operators import (
    KIND_OPERATORS,
    OPERATORS,
    Kind,
    Shape,
    schema_operator_name,
)


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def _unwrap(graphql_type: Any) -> Any:
    while isinstance(graphql_type, (graphene.NonNull, graphene.List)):
        graphql_type = graphql_type.of_type
    return graphql_type


class WhereInputTypes:
    """Creates (once per schema build) and hands out the filter input types."""

    def __init__(self, context: Any, plans: SchemaFilterPlans) -> None:
        self.context = context
        self.plans = plans
        self.camel = plans.camel
        self.converter = ScalarConverter(context.settings)
        self._types: dict[str, Any] = {}

    def _input(self, name: str, fields: dict[str, Any], description: str) -> Any:
        existing = self._types.get(name)
        if existing is not None:
            return existing
        meta = type("Meta", (), {"name": name, "description": description})
        created = type(name, (graphene.InputObjectType,), {**fields, "Meta": meta})
        self._types[name] = created
        return created

    def _field_name(self, op_id: str) -> str:
        return schema_operator_name(op_id, self.camel)

    # -- where inputs --------------------------------------------------------------------------
    def where_input(self, model: type[Model]) -> Any:
        """``<Type>WhereInput`` of ``model``."""
        plan = self.plans.plan(model)
        name = f"{plan.type_name}WhereInput"
        if name in self._types:
            return self._types[name]
        fields: dict[str, Any] = {}
        for key, entry in plan.fields.items():
            fields[key] = graphene.InputField(
                self._operator_input(plan.type_name, entry),
                name=key,
                description=_("Conditions on %(name)s.") % {"name": key},
            )
        for key, relation in plan.relations.items():
            # Lazy: the related input may not exist yet (or be this one, for a self relation).
            if relation.many:
                target: Any = lambda r=relation.related: self.many_input(r)  # noqa: E731
                doc = _("Rows whose %(relation)s match: some, every or none.") % {
                    "relation": relation.name
                }
            else:
                target = lambda r=relation.related: self.where_input(r)  # noqa: E731
                doc = _("Conditions on the related %(relation)s.") % {"relation": relation.name}
            fields[key] = graphene.InputField(target, name=key, description=doc)
        for key, relation in plan.counts.items():
            fields[key] = graphene.InputField(
                self._count_input,
                name=key,
                description=_("Conditions on the number of %(relation)s.")
                % {"relation": relation.name},
            )

        def self_type() -> Any:
            return self._types[name]

        fields["AND"] = graphene.InputField(
            graphene.List(graphene.NonNull(self_type)), name="AND", description=_("All of these.")
        )
        fields["OR"] = graphene.InputField(
            graphene.List(graphene.NonNull(self_type)), name="OR", description=_("Any of these.")
        )
        fields["NOT"] = graphene.InputField(self_type, name="NOT", description=_("Not this."))
        doc = _("Filters on %(type)s; all conditions apply.") % {"type": plan.type_name}
        return self._input(name, fields, doc)

    def many_input(self, model: type[Model]) -> Any:
        """``<Type>ManyWhereInput``: ``some`` / ``every`` / ``none`` of a to-many relation."""
        type_name = self.plans.plan(model).type_name

        def where() -> Any:
            return self.where_input(model)

        fields = {
            "some": graphene.InputField(where, name="some", description=_("At least one matches.")),
            "every": graphene.InputField(where, name="every", description=_("All match.")),
            "none": graphene.InputField(where, name="none", description=_("None matches.")),
        }
        return self._input(
            f"{type_name}ManyWhereInput",
            fields,
            _("Conditions on several %(type)s rows.") % {"type": type_name},
        )

    # -- operator inputs -----------------------------------------------------------------------
    def _operator_input(self, type_name: str, entry: FieldFilter) -> Any:
        scalar = self._scalar(type_name, entry)
        ops = tuple(op.id for op in entry.operators.values())
        if entry.kind is Kind.CHOICE or entry.restricted:
            name = f"{type_name}{_pascal(entry.name)}FilterInput"
            doc = _("Operators offered on %(type)s.%(field)s.") % {
                "type": type_name,
                "field": entry.name,
            }
        else:
            name = f"{self._kind_label(entry.kind, scalar)}FilterInput"
            doc = _("Operators on %(kind)s values.") % {"kind": entry.kind.value}
        return self._operators(name, ops, scalar, doc)

    def _kind_label(self, kind: Kind, scalar: Any) -> str:
        scalar_name = getattr(getattr(scalar, "_meta", None), "name", None) or kind.value
        if kind in (Kind.STRING, Kind.ID, Kind.BOOLEAN, Kind.JSON) or scalar_name == kind.value:
            return kind.value
        return f"{kind.value}{scalar_name}"

    def _operators(self, name: str, ops: tuple[str, ...], scalar: Any, doc: str) -> Any:
        if name in self._types:
            return self._types[name]
        fields = {}
        for op_id in ops:
            key = self._field_name(op_id)
            fields[key] = graphene.InputField(
                self._operand_type(op_id, scalar),
                name=key,
                description=_(OPERATORS[op_id].description),
            )
        return self._input(name, fields, doc)

    def _operand_type(self, op_id: str, scalar: Any) -> Any:
        shape = OPERATORS[op_id].shape
        if shape is Shape.VALUE:
            return scalar
        if shape in (Shape.LIST, Shape.PAIR):
            return graphene.List(graphene.NonNull(scalar))
        if shape is Shape.BOOL:
            return graphene.Boolean
        if shape is Shape.TEXT:
            return graphene.String
        if shape is Shape.TEXTS:
            return graphene.List(graphene.NonNull(graphene.String))
        if shape is Shape.PART:
            return self._part_input()
        if shape is Shape.DATE:
            return self._date_input()
        return graphene.List(graphene.NonNull(self._key_path_input()))

    def _scalar(self, type_name: str, entry: FieldFilter) -> Any:
        kind = entry.kind
        if kind is Kind.STRING:
            return graphene.String
        if kind is Kind.ID:
            return graphene.ID
        if kind is Kind.BOOLEAN:
            return graphene.Boolean
        if kind is Kind.JSON:
            return self.converter.scalar("JSON").graphql_type
        if kind is Kind.CHOICE:
            return self._choice_enum(type_name, entry)
        return self.converter.convert(entry.field).graphql_type

    def _choice_enum(self, type_name: str, entry: FieldFilter) -> Any:
        """The object type's own choice enum, so inputs and outputs share one enum."""
        try:
            object_type = self.context.object_type(entry.field.model)
            return _unwrap(object_type._meta.fields[entry.name].type)
        except (KeyError, AttributeError):
            name = f"{type_name}Filter"
            return choice_enum(name, entry.field, _pascal(entry.name))

    def _part_input(self) -> Any:
        ops = KIND_OPERATORS[Kind.PART]
        return self._operators(
            "DatePartFilterInput", ops, graphene.Int, _("Operators on a date part.")
        )

    def _date_input(self) -> Any:
        scalar = self.converter.scalar("Date").graphql_type
        name = "DateFilterInput" if scalar is not graphene.String else "DateStringFilterInput"
        doc = _("Operators on Date values.")
        return self._operators(name, KIND_OPERATORS[Kind.DATE], scalar, doc)

    @property
    def _count_input(self) -> Any:
        ops = KIND_OPERATORS[Kind.COUNT]
        doc = _("Operators on a row count.")
        return self._operators("CountFilterInput", ops, graphene.Int, doc)

    def _key_path_input(self) -> Any:
        json_scalar = self.converter.scalar("JSON").graphql_type
        fields: dict[str, Any] = {
            "path": graphene.InputField(
                graphene.NonNull(graphene.List(graphene.NonNull(graphene.String))),
                name="path",
                description=_('Keys from the top: ["dimensions", "width"].'),
            )
        }
        for op_id in KEY_PATH_OPERATORS:
            key = self._field_name(op_id)
            shape = OPERATORS[op_id].shape
            if shape is Shape.BOOL:
                operand: Any = graphene.Boolean
            elif op_id == "icontains":
                operand = graphene.String
            elif shape is Shape.LIST:
                operand = graphene.List(graphene.NonNull(json_scalar))
            else:
                operand = json_scalar
            fields[key] = graphene.InputField(
                operand, name=key, description=_(OPERATORS[op_id].description)
            )
        doc = _("Conditions on the value at a key path.")
        return self._input("JSONKeyFilterInput", fields, doc)

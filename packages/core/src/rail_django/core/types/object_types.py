"""One graphene object type per model, built from its exposed fields.

Everything is decided here at build time (GraphQL type, name, description, resolver, guards);
per request, graphene only calls the chosen resolvers.
"""

from __future__ import annotations

import inspect
from typing import Any

import graphene
from django.db import models
from django.db.models import ForeignObjectRel

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.build_context import SchemaBuild
from rail_django.core.model_fields import field_map
from rail_django.core.optimizer.property_fields import property_fields
from rail_django.core.queries.access import ModelAccess
from rail_django.core.queries.list_fields import relation_list_arguments
from rail_django.core.types.choices import choice_enum
from rail_django.core.types.converters import ScalarConverter
from rail_django.core.types.files import StoredFile, file_resolver
from rail_django.core.types.naming import to_camel_case
from rail_django.core.types.relations import (
    forward_resolver,
    many_resolver,
    reverse_one_resolver,
)


def _model_description(model: type[models.Model]) -> str | None:
    doc = inspect.cleandoc(model.__doc__ or "")
    # Django writes "Product(id, name, ...)" when a model has no docstring: not a description.
    if not doc or doc.startswith(f"{model.__name__}("):
        return str(model._meta.verbose_name).capitalize()
    return doc


def _adapted(attname: str, adapt: Any) -> Any:
    def resolve(root: Any, info: Any) -> Any:
        value = getattr(root, attname)
        return None if value is None else adapt(value)

    return resolve


def _choice_resolver(attname: str, valid: frozenset[Any]) -> Any:
    def resolve(root: Any, info: Any) -> Any:
        value = getattr(root, attname)
        return value if value in valid else None  # blank or stale values read as null

    return resolve


def _pk_resolver(root: Any, info: Any) -> Any:
    return root.pk


def _guarded(resolver: Any, guards: list[Any], attname: str) -> Any:
    def base(root: Any, info: Any, **kwargs: Any) -> Any:
        return getattr(root, attname)

    inner = resolver or base

    def resolve(root: Any, info: Any, **kwargs: Any) -> Any:
        value = inner(root, info, **kwargs)
        for guard in guards:
            value = guard(root, info, value)
        return value

    return resolve


class ObjectTypeBuilder:
    """Builds the object types of one schema (call :meth:`build` for each model)."""

    def __init__(self, build: SchemaBuild, accesses: dict[type[models.Model], ModelAccess]) -> None:
        self.build_ctx = build
        self.accesses = accesses
        self.converter = ScalarConverter(build.settings)
        self.descriptions = bool(
            build.settings["type_generation_settings"]["generate_descriptions"]
        )
        self.guard_providers = plugin_registry.values(ContributionKind.FIELD_GUARDS)

    def build(self, model: type[models.Model]) -> type[graphene.ObjectType]:
        ctx = self.build_ctx
        type_name = ctx.type_name(model)
        fields_by_name = field_map(model)
        attrs: dict[str, Any] = {
            "id": graphene.Field(graphene.ID, required=True, resolver=_pk_resolver),
        }
        for name in ctx.exposed_fields(model):
            field = fields_by_name[name]
            mounted = self._field(model, type_name, name, field)
            if mounted is not None:
                attrs[name] = mounted
        attrs.update(property_fields(ctx, model, set(attrs)))
        description = _model_description(model) if self.descriptions else None
        meta = type("Meta", (), {"name": type_name, "description": description})
        attrs["Meta"] = meta
        object_type = type(type_name, (graphene.ObjectType,), attrs)
        ctx.set_object_type(model, object_type)
        return object_type

    def _field(self, model: Any, type_name: str, name: str, field: Any) -> graphene.Field | None:
        graphql_name = self.build_ctx.field_name(name)
        description = None
        if self.descriptions and getattr(field, "help_text", ""):
            description = str(field.help_text)
        arguments = None
        if field.is_relation:
            graphql_type, resolver = self._relation(field, name)
            if field.many_to_many or field.one_to_many:
                arguments = relation_list_arguments(self.build_ctx, field.related_model)
        else:
            graphql_type, resolver = self._scalar(type_name, field)
        guards = [g for p in self.guard_providers if (g := p(self.build_ctx, model, name))]
        if guards:
            resolver = _guarded(resolver, guards, getattr(field, "attname", name))
            # A guard may serve null (a field hidden from this user): the type must allow it.
            if isinstance(graphql_type, graphene.NonNull):
                graphql_type = graphql_type.of_type
        return graphene.Field(
            graphql_type,
            args=arguments,
            name=graphql_name,
            description=description,
            resolver=resolver,
        )

    def _scalar(self, type_name: str, field: models.Field) -> tuple[Any, Any]:
        nullable = field.null
        if field.choices:
            enum = choice_enum(
                type_name,
                field,
                to_camel_case(field.name)[:1].upper() + to_camel_case(field.name)[1:],
            )
            valid = frozenset(value for value, _ in field.flatchoices if value not in (None, ""))
            if field.blank or field.null:
                nullable = True
            return _wrap(enum, nullable), _choice_resolver(field.attname, valid)
        if isinstance(field, models.FileField):
            return _wrap(StoredFile, True), file_resolver(field.attname)
        conversion = self.converter.convert(field)
        resolver = _adapted(field.attname, conversion.adapt) if conversion.adapt else None
        return _wrap(conversion.graphql_type, nullable), resolver

    def _relation(self, field: Any, name: str) -> tuple[Any, Any]:
        related = field.related_model
        access = self.accesses[related]
        target = self.build_ctx.type_thunk(related)
        if field.many_to_many or field.one_to_many:
            join_column = field.field.name if field.one_to_many else None
            resolver = many_resolver(self.build_ctx, access, name, related, join_column)
            return graphene.NonNull(graphene.List(graphene.NonNull(target))), resolver
        if isinstance(field, ForeignObjectRel):  # reverse one-to-one
            return target, reverse_one_resolver(access, name)
        # Nullable even when the column is not: a row the user may not see reads as null
        # (with an error when the whole model is refused) without nulling the parent.
        return target, forward_resolver(access, name, field.attname, related)


def _wrap(graphql_type: Any, nullable: bool) -> Any:
    return graphql_type if nullable else graphene.NonNull(graphql_type)

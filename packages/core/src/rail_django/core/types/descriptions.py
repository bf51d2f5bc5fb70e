"""Descriptions written with ``gettext_lazy`` become plain strings when a schema is built.

Types and fields defined at import time (class attributes, module-level fields) cannot call
``gettext``: no language is chosen yet. They use ``gettext_lazy``; graphql-core is told to accept
those lazy strings while graphene builds the schema, and :func:`resolve_lazy_descriptions` then
turns each one into a ``str`` in the language active during the build (``LANGUAGE_CODE``, see
``schema_registry``), so introspection and the printed SDL see ordinary strings. Graphene builds
new GraphQL types for every schema, so each schema gets its own language.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)
from graphql.pyutils.description import Description

Description.register(Promise)


def _resolve(item: Any) -> None:
    for attribute in ("description", "deprecation_reason"):
        value = getattr(item, attribute, None)
        if isinstance(value, Promise):
            setattr(item, attribute, str(value))


def _resolve_arguments(arguments: dict[str, Any]) -> None:
    for argument in arguments.values():
        _resolve(argument)


def resolve_lazy_descriptions(schema: GraphQLSchema) -> None:
    """Replace every lazy description and deprecation reason of ``schema`` by its ``str``."""
    _resolve(schema)
    for named_type in schema.type_map.values():
        _resolve(named_type)
        if isinstance(named_type, GraphQLObjectType | GraphQLInterfaceType):
            for field in named_type.fields.values():
                _resolve(field)
                _resolve_arguments(field.args)
        elif isinstance(named_type, GraphQLInputObjectType):
            for input_field in named_type.fields.values():
                _resolve(input_field)
        elif isinstance(named_type, GraphQLEnumType):
            for value in named_type.values.values():
                _resolve(value)
    for directive in schema.directives:
        _resolve(directive)
        _resolve_arguments(directive.args)

"""GraphQL fields of a model's ``model_property`` attributes, made when its type is built."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Model

from rail_django.core.model_selection import entry_for
from rail_django.core.optimizer.dataloaders import batched_value
from rail_django.core.optimizer.model_properties import ModelProperty, model_properties


def _plain_resolver(name: str) -> Any:
    def resolve(root: Any, info: Any) -> Any:
        return getattr(root, name)

    return resolve


def _batch_resolver(prop: ModelProperty, performance: Any) -> Any:
    def resolve(root: Any, info: Any) -> Any:
        return batched_value(root, prop, performance)

    return resolve


def property_fields(build: Any, model: type[Model], taken: set[str]) -> dict[str, Any]:
    """``model``'s exposed ``model_property`` fields by attribute name.

    The same exposure rules as model fields apply: left out when ``GraphQLMeta.Fields`` or the
    ``exclude_fields``/``excluded_fields`` settings exclude it, when an ``include`` list
    (``GraphQLMeta.Fields.include``, ``include_fields``) does not name it, or when a model
    field already uses its name (``taken``).
    """
    rule = build.model_meta(model).fields
    types = build.settings["type_generation_settings"]
    excluded = set(rule.exclude)
    excluded |= set(entry_for(model, types["exclude_fields"]) or ())
    excluded |= set(entry_for(model, types["excluded_fields"]) or ())
    includes = [rule.include, entry_for(model, types["include_fields"])]
    performance = build.settings["performance_settings"]
    fields: dict[str, Any] = {}
    for name, prop in model_properties(model).items():
        if name in taken or name in excluded:
            continue
        if any(include is not None and name not in include for include in includes):
            continue
        resolver = _batch_resolver(prop, performance) if prop.batch else _plain_resolver(name)
        fields[name] = graphene.Field(
            prop.graphql_type,
            name=build.field_name(name),
            description=prop.description,
            resolver=resolver,
        )
    return fields

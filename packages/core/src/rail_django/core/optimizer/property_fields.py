"""GraphQL fields of a model's ``model_property`` attributes, made when its type is built."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Model

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

    A property is left out when ``GraphQLMeta.Fields`` excludes it, when an ``include`` list
    does not name it, or when a model field already uses its name (``taken``).
    """
    rule = build.model_meta(model).fields
    performance = build.settings["performance_settings"]
    fields: dict[str, Any] = {}
    for name, prop in model_properties(model).items():
        if name in taken or name in rule.exclude:
            continue
        if rule.include is not None and name not in rule.include:
            continue
        resolver = _batch_resolver(prop, performance) if prop.batch else _plain_resolver(name)
        fields[name] = graphene.Field(
            prop.graphql_type,
            name=build.field_name(name),
            description=prop.description,
            resolver=resolver,
        )
    return fields

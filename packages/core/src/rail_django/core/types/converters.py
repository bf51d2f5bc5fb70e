"""Django model fields to GraphQL output types.

Dispatch is by ``isinstance`` over an ordered table (most specific class first), so a project's
field subclasses convert like their parents. ``custom_field_mappings`` is consulted first. A
custom scalar switched off in ``custom_scalars`` is served as a ``String`` written by the
scalar's text form, via a resolver chosen here at build time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import graphene
from django.db import models
from django.utils.module_loading import import_string

from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.types import scalars

#: (Django field class, scalar settings name or graphene type), most specific first.
FIELD_TYPES: tuple[tuple[type[models.Field], Any], ...] = (
    (models.AutoField, graphene.ID),
    (models.BigAutoField, graphene.ID),
    (models.SmallAutoField, graphene.ID),
    (models.BooleanField, graphene.Boolean),
    (models.PositiveBigIntegerField, graphene.BigInt),
    (models.BigIntegerField, graphene.BigInt),
    (models.IntegerField, graphene.Int),  # also Small/Positive*IntegerField
    (models.FloatField, graphene.Float),
    (models.DecimalField, "Decimal"),
    (models.DateTimeField, "DateTime"),  # before DateField, its parent
    (models.DateField, "Date"),
    (models.TimeField, "Time"),
    (models.DurationField, scalars.Duration),
    (models.UUIDField, "UUID"),
    (models.EmailField, "Email"),  # before CharField, its parent
    (models.URLField, "URL"),
    (models.GenericIPAddressField, graphene.String),
    (models.JSONField, "JSON"),
    (models.BinaryField, "Binary"),
    (models.CharField, graphene.String),  # also SlugField
    (models.TextField, graphene.String),
    (models.FilePathField, graphene.String),
)

#: Field class names of third-party phone fields served with the Phone scalar.
PHONE_FIELD_NAMES = frozenset({"PhoneNumberField", "PhoneField"})

_BUILTIN_NAMES: Mapping[str, Any] = {
    "String": graphene.String,
    "Int": graphene.Int,
    "Float": graphene.Float,
    "Boolean": graphene.Boolean,
    "ID": graphene.ID,
    "BigInt": graphene.BigInt,
    "Duration": scalars.Duration,
}


@dataclass(frozen=True)
class ScalarConversion:
    """The GraphQL type of a field and, when the stored value needs it, a value adapter."""

    graphql_type: Any
    adapt: Callable[[Any], Any] | None = None


class ScalarConverter:
    """Converts scalar model fields for one schema (its ``custom_scalars`` and mappings)."""

    def __init__(self, settings: ResolvedSettings) -> None:
        custom = settings["custom_scalars"]
        self._enabled = {
            name: bool((custom.get(name) or {}).get("enabled", True))
            for name in scalars.CUSTOM_SCALARS
        }
        mappings = settings["type_generation_settings"]["custom_field_mappings"]
        self._mappings = [(_as_class(key), value) for key, value in (mappings or {}).items()]

    def scalar(self, name: str) -> ScalarConversion:
        """The conversion of the custom scalar ``name`` (a String when it is switched off)."""
        if self._enabled.get(name, True):
            return ScalarConversion(scalars.CUSTOM_SCALARS[name])
        return ScalarConversion(graphene.String, scalars.STRING_FALLBACKS[name])

    def convert(self, field: models.Field) -> ScalarConversion:
        """The conversion of a non-relation, non-choice, non-file ``field``."""
        for field_class, target in self._mappings:
            if isinstance(field, field_class):
                return self._target(target)
        if type(field).__name__ in PHONE_FIELD_NAMES:
            return self.scalar("Phone")
        for field_class, target in FIELD_TYPES:
            if isinstance(field, field_class):
                return self._target(target)
        return ScalarConversion(graphene.String, str)

    def _target(self, target: Any) -> ScalarConversion:
        if isinstance(target, str):
            if target in scalars.CUSTOM_SCALARS:
                return self.scalar(target)
            if target in _BUILTIN_NAMES:
                return ScalarConversion(_BUILTIN_NAMES[target])
            return ScalarConversion(import_string(target))
        return ScalarConversion(target)


def _as_class(key: Any) -> type:
    return import_string(key) if isinstance(key, str) else key

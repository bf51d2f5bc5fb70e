"""The payload types mutations return.

``<Type>Payload { ok, <object>, errors }`` for create, update, delete and method mutations;
``<Type>BulkPayload { ok, count, <objects>, errors }`` for bulk mutations. ``errors`` is a list
of :class:`~rail_django.core.mutations.payload_errors.MutationError` (``{field, message,
code}``); it is empty exactly when ``ok`` is true.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import graphene
from django.db.models import Model

from rail_django.core.build_context import SchemaBuild
from rail_django.core.mutations.payload_errors import MutationError
from rail_django.core.types.naming import pluralize, to_snake_case


def object_key(build: SchemaBuild, model: type[Model], *, plural: bool = False) -> str:
    """The payload key of the object(s): ``product`` / ``products`` (snake_case)."""
    singular = to_snake_case(build.type_name(model))
    return pluralize(singular) if plural else singular


def _errors_field() -> graphene.Field:
    return graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(MutationError))),
        description="What went wrong, as {field, message, code}; empty when ok.",
    )


class PayloadTypes:
    """Builds each model's payload types once per schema build."""

    def __init__(self, build: SchemaBuild) -> None:
        self.build = build
        self._single: dict[type[Model], type[graphene.ObjectType]] = {}
        self._bulk: dict[type[Model], type[graphene.ObjectType]] = {}

    def single(self, model: type[Model]) -> type[graphene.ObjectType]:
        if model not in self._single:
            key = object_key(self.build, model)
            target = self.build.type_thunk(model)
            self._single[model] = self._make(
                f"{self.build.type_name(model)}Payload",
                lambda: {key: graphene.Field(target, name=self.build.field_name(key))},
                f"The result of a {model._meta.verbose_name} mutation.",
            )
        return self._single[model]

    def bulk(self, model: type[Model]) -> type[graphene.ObjectType]:
        if model not in self._bulk:
            key = object_key(self.build, model, plural=True)
            target = self.build.type_thunk(model)

            def fields() -> dict[str, Any]:
                rows = graphene.NonNull(graphene.List(graphene.NonNull(target)))
                return {
                    "count": graphene.Int(required=True, description="Rows written (0 on error)."),
                    key: graphene.Field(rows, name=self.build.field_name(key)),
                }

            self._bulk[model] = self._make(
                f"{self.build.type_name(model)}BulkPayload",
                fields,
                f"The result of a bulk {model._meta.verbose_name} mutation.",
            )
        return self._bulk[model]

    @staticmethod
    def _make(
        name: str, fields: Callable[[], dict[str, Any]], description: str
    ) -> type[graphene.ObjectType]:
        # Created in this order so the schema lists them as the guide does: ok, object, errors.
        attrs: dict[str, Any] = {
            "ok": graphene.Boolean(required=True, description="True when everything was written.")
        }
        attrs.update(fields())
        attrs["errors"] = _errors_field()
        attrs["Meta"] = type("Meta", (), {"name": name, "description": description})
        return type(name, (graphene.ObjectType,), attrs)

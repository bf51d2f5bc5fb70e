"""The state of one schema build, implementing the contracts' ``SchemaBuildContext``.

Everything derivable from the settings and the models (which models, their names, exposed
fields, object types) is computed here once per build; plugins ask it while the schema is built.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import Model

from rail_django.contracts.schema_runtime import SchemaRuntime
from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.meta import ResolvedMeta, get_model_meta
from rail_django.core.model_selection import exposed_field_names, schema_models
from rail_django.core.types.naming import to_camel_case, type_names


class SchemaBuild:
    """One schema under construction (see :class:`rail_django.contracts.SchemaBuildContext`)."""

    def __init__(self, schema_name: str, settings: ResolvedSettings) -> None:
        self._schema_name = schema_name
        self._settings = settings
        self._models = schema_models(settings)
        self._type_names = type_names(self._models)
        self._object_types: dict[type[Model], Any] = {}
        self._exposed: dict[type[Model], tuple[str, ...]] = {
            model: exposed_field_names(model, settings, self._models) for model in self._models
        }
        #: Extra types the schema must hold even if no root field reaches them.
        self.extra_types: list[Any] = []
        self._runtime = SchemaRuntime(schema_name, settings, models=self._models)

    # -- SchemaBuildContext --------------------------------------------------------------------
    @property
    def schema_name(self) -> str:
        return self._schema_name

    @property
    def settings(self) -> ResolvedSettings:
        return self._settings

    @property
    def runtime(self) -> SchemaRuntime:
        return self._runtime

    @property
    def models(self) -> tuple[type[Model], ...]:
        return self._models

    def object_type(self, model: type[Model]) -> Any:
        """The object type of ``model``; ``KeyError`` when the model is not in this schema."""
        return self._object_types[model]

    def model_meta(self, model: type[Model]) -> ResolvedMeta:
        return get_model_meta(model)

    def field_name(self, name: str) -> str:
        return to_camel_case(name) if self.camelcase_type_fields else name

    def exposed_fields(self, model: type[Model]) -> tuple[str, ...]:
        return self._exposed[model]

    # -- core's own needs ----------------------------------------------------------------------
    @cached_property
    def camelcase_root(self) -> bool:
        """Root fields and arguments in camelCase (``schema_settings.auto_camelcase``)."""
        return bool(self._settings["schema_settings"]["auto_camelcase"])

    @cached_property
    def camelcase_type_fields(self) -> bool:
        """Object type fields in camelCase: both ``auto_camelcase`` switches must be on."""
        types = self._settings["type_generation_settings"]
        return self.camelcase_root and bool(types["auto_camelcase"])

    def type_name(self, model: type[Model]) -> str:
        return self._type_names[model]

    def has_model(self, model: type[Model] | None) -> bool:
        return model in self._exposed

    def set_object_type(self, model: type[Model], object_type: Any) -> None:
        self._object_types[model] = object_type

    def type_thunk(self, model: type[Model]) -> Any:
        """A callable graphene resolves lazily, so relations work whatever the model order."""
        return lambda: self._object_types[model]

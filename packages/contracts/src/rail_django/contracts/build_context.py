"""What a plugin may ask core while a schema is being built."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from django.db.models import Model

    from rail_django.contracts.schema_runtime import SchemaRuntime
    from rail_django.contracts.settings_registry import ResolvedSettings


@runtime_checkable
class SchemaBuildContext(Protocol):
    """Core's view of one schema under construction.

    Everything here is computed once per schema build; plugins should do their per-model work
    when they are asked (build time), never per request.
    """

    @property
    def schema_name(self) -> str:
        """The schema's registered name (``"gql"`` for the default schema)."""
        ...

    @property
    def settings(self) -> ResolvedSettings:
        """The schema's merged settings."""
        ...

    @property
    def runtime(self) -> SchemaRuntime:
        """The runtime the built schema will hand every contract (field access, plans...)."""
        ...

    @property
    def models(self) -> tuple[type[Model], ...]:
        """The models exposed by this schema, in a stable order."""
        ...

    def object_type(self, model: type[Model]) -> Any:
        """The generated graphene object type of ``model``."""
        ...

    def model_meta(self, model: type[Model]) -> Any:
        """The model's resolved ``GraphQLMeta`` (code merged with ``meta.yaml``)."""
        ...

    def field_name(self, name: str) -> str:
        """``name`` as it appears in the schema (camelCase when ``auto_camelcase`` is on)."""
        ...

    def exposed_fields(self, model: type[Model]) -> tuple[str, ...]:
        """The Django field names of ``model`` exposed in its type (after excludes/includes)."""
        ...

"""The plugin registry: what installed packages add to a schema when core builds it.

A package registers its contributions from its ``AppConfig.ready()``; being in
``INSTALLED_APPS`` is what turns it on. Core asks :data:`plugin_registry` while building a schema.
Contributions come back in a deterministic order: by ``order``, then by plugin name, then in the
order they were registered, so the schema does not depend on app-loading accidents.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from rail_django.contracts.build_context import SchemaBuildContext
    from rail_django.contracts.queryset_pipeline import QueryRequest


class ContributionKind(StrEnum):
    """What a contribution adds. Each kind's value has the protocol named in its comment."""

    QUERY_FIELDS = "query_fields"  # RootFieldsProvider
    MUTATION_FIELDS = "mutation_fields"  # RootFieldsProvider
    SUBSCRIPTION_FIELDS = "subscription_fields"  # RootFieldsProvider
    LIST_ARGUMENTS = "list_arguments"  # ListArgument
    VALIDATION_RULES = "validation_rules"  # ValidationRulesProvider
    FIELD_GUARDS = "field_guards"  # FieldGuardProvider
    URL_PATTERNS = "url_patterns"  # UrlPatternsProvider
    SCHEMA_PLANS = "schema_plans"  # SchemaPlansProvider
    MODEL_METADATA = "model_metadata"  # rail_django.contracts.model_metadata.ModelMetadataProvider
    OPENAPI_PATHS = "openapi_paths"  # OpenApiPathsProvider


@runtime_checkable
class RootFieldsProvider(Protocol):
    """Returns root fields (name -> graphene field) for a schema's Query, Mutation or
    Subscription type."""

    def __call__(self, context: SchemaBuildContext) -> Mapping[str, Any]: ...


@runtime_checkable
class ListArgument(Protocol):
    """An extra argument on generated list fields (e.g. filtering's ``where``) and how it applies.

    ``build`` runs once per model at schema build time and returns the graphene argument, or
    ``None`` to leave this model's list field without it. ``apply`` runs per request inside the
    queryset pipeline (core's list-arguments step, ``Phase.FILTER``) with the argument's value
    from ``QueryRequest.arguments``, for every consumer alike.
    """

    name: str

    def build(self, context: SchemaBuildContext, model: type[Model]) -> Any | None: ...

    def apply(
        self, queryset: QuerySet[Any], value: Any, request: QueryRequest
    ) -> QuerySet[Any]: ...


@runtime_checkable
class ValidationRulesProvider(Protocol):
    """Returns graphql-core validation rule classes for a schema, given its build context."""

    def __call__(self, context: SchemaBuildContext) -> Sequence[type]: ...


@runtime_checkable
class FieldGuardProvider(Protocol):
    """Returns a guard for ``model.field_name`` compiled into the type at build time, or ``None``.

    A guard is called as ``guard(root, info, value)`` and returns the value to serve (possibly
    masked) or raises a ``RailError``.
    """

    def __call__(self, context: SchemaBuildContext, model: type[Model], field_name: str) -> Any: ...


@runtime_checkable
class SchemaPlansProvider(Protocol):
    """Builds a plugin's per-schema plans once, when core builds the schema (e.g. filtering's
    filterable fields per model). The result is stored on the schema's runtime under the
    contribution's plugin name: ``runtime.plan(plugin)``."""

    def __call__(self, context: SchemaBuildContext) -> Any: ...


@runtime_checkable
class UrlPatternsProvider(Protocol):
    """Returns Django URL patterns that core's ``rail_django.core.urls`` includes."""

    def __call__(self) -> Sequence[Any]: ...


@runtime_checkable
class OpenApiPathsProvider(Protocol):
    """Returns the OpenAPI 3.1 path items of a package's REST endpoints, keyed by their
    templated path (``{"/api/v1/tasks/{task_id}/": {"get": {...}}}``).

    Core's ``GET /api/v1/openapi.json`` merges every provider's paths into one document. A
    path item may refer to the shared components core declares: ``#/components/schemas/Errors``
    (the ``{"errors": [...]}`` body of every Rail error) and
    ``#/components/securitySchemes/bearerAuth``. Two providers claiming one path is an error
    when the document is built.
    """

    def __call__(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Contribution:
    """One registered contribution."""

    kind: ContributionKind
    plugin: str
    value: Any
    order: int = 0
    sequence: int = field(default=0, compare=False)


class PluginRegistry:
    """Holds contributions by kind. Small on purpose: registering is all a plugin does."""

    def __init__(self) -> None:
        self._items: list[Contribution] = []
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._sorted: dict[ContributionKind, tuple[Contribution, ...]] = {}
        #: Bumped on every change, so runtimes know when their copies are stale.
        self.version = 0

    def register(
        self, kind: ContributionKind | str, value: Any, *, plugin: str, order: int = 0
    ) -> Any:
        """Register ``value`` as a contribution of ``kind`` from ``plugin`` (its app name).

        Registering the same value twice for the same kind and plugin is a no-op, so a
        ``ready()`` that runs twice (it can, in tests) does not double a field. Returns ``value``
        so it can be used as a decorator via :meth:`contributes`.
        """
        kind = ContributionKind(kind)
        with self._lock:
            for item in self._items:
                if item.kind == kind and item.plugin == plugin and item.value is value:
                    return value
            self._items.append(Contribution(kind, plugin, value, order, next(self._counter)))
            self._sorted.clear()
            self.version += 1
        return value

    def contributes(self, kind: ContributionKind | str, *, plugin: str, order: int = 0) -> Any:
        """Decorator form of :meth:`register`."""

        def decorate(value: Any) -> Any:
            return self.register(kind, value, plugin=plugin, order=order)

        return decorate

    def contributions(self, kind: ContributionKind | str) -> tuple[Contribution, ...]:
        """The contributions of ``kind`` in their deterministic order."""
        kind = ContributionKind(kind)
        cached = self._sorted.get(kind)
        if cached is None:
            items = [item for item in self._items if item.kind == kind]
            cached = tuple(sorted(items, key=lambda c: (c.order, c.plugin, c.sequence)))
            self._sorted[kind] = cached
        return cached

    def values(self, kind: ContributionKind | str) -> tuple[Any, ...]:
        """Just the contributed values of ``kind``, in order."""
        return tuple(c.value for c in self.contributions(kind))

    def unregister_plugin(self, plugin: str) -> None:
        """Remove everything ``plugin`` registered (tests; a plugin switched off at runtime)."""
        with self._lock:
            self._items = [item for item in self._items if item.plugin != plugin]
            self._sorted.clear()
            self.version += 1


#: The process-wide registry.
plugin_registry = PluginRegistry()

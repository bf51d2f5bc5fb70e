"""The schema registry: which GraphQL schemas a project serves, and their built form.

Schemas come from two sources, in this order (guide §4, "How schemas are registered"):

1. app discovery: every installed app's ``schemas``, ``graphql_schema``, ``schema`` or
   ``graphql.schema`` module exposing ``register_schema(registry)`` is called (and, when
   ``schema_registry.enable_registry`` is on, the packages in ``auto_discover_packages``);
2. every ``RAIL_DJANGO_GRAPHQL_SCHEMAS`` entry not registered yet.

The default schema ``gql`` always exists unless it is disabled. ``default`` is accepted as an
alias of ``gql`` (the guide's multi-schema example configures ``"default"`` and serves it at
``/graphql/gql/``); configuring both is a system-check error (``rail_django.E201``).

Discovery runs lazily on first use; a schema is built on its first request and kept for the
life of the process. :meth:`SchemaRegistry.clear` drops both, so the next use rediscovers and
rebuilds: call it after changing schemas in a shell, or let ``auto_refresh_on_migration`` /
``auto_refresh_on_model_change`` do it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rail_django.contracts.schema_runtime import SchemaRuntime
from rail_django.contracts.settings_registry import settings_registry

DEFAULT_SCHEMA_NAME = "gql"
DEFAULT_SCHEMA_ALIAS = "default"

Builder = Callable[[str], Any]

_OPTION_NAMES = ("enabled", "description", "apps", "models")


def canonical_name(name: str) -> str:
    """``name`` with the ``default`` alias resolved to ``gql``."""
    return DEFAULT_SCHEMA_NAME if name == DEFAULT_SCHEMA_ALIAS else name


class SchemaNotFound(LookupError):
    """No enabled schema has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class SchemaEntry:
    """One registered schema.

    ``source`` says where it came from: ``"code"`` (``register_schema`` called directly, kept
    across :meth:`SchemaRegistry.clear`), ``"discovered"`` (an app's schemas module),
    ``"settings"`` (a ``RAIL_DJANGO_GRAPHQL_SCHEMAS`` entry) or ``"default"`` (the implicit
    ``gql``). ``schema`` is an optional hand-written ``graphene.Schema`` (or a callable returning
    one) served instead of the generated schema.
    """

    name: str
    description: str = ""
    enabled: bool = True
    settings: Mapping[str, Any] = field(default_factory=dict)
    source: str = "code"
    schema: Any = None


class SchemaRegistry:
    """Registered schemas and, per process, their built ``graphene.Schema``."""

    def __init__(self, builder: Builder | None = None) -> None:
        self._builder = builder
        self._entries: dict[str, SchemaEntry] = {}
        self._built: dict[str, Any] = {}
        self._discovered = False
        self._discovering = False
        self._lock = threading.RLock()

    # -- registration ------------------------------------------------------------------------
    def register_schema(
        self,
        name: str,
        settings: Mapping[str, Any] | None = None,
        *,
        description: str = "",
        enabled: bool = True,
        apps: Iterable[str] | None = None,
        models: Iterable[str] | None = None,
        schema: Any = None,
    ) -> SchemaEntry:
        """Register (or replace) the schema ``name``.

        ``settings`` are per-section settings like a ``RAIL_DJANGO_GRAPHQL_SCHEMAS`` entry; they
        sit between the global settings and that entry, so the settings file has the last word.
        ``apps``/``models`` restrict the models the schema exposes. ``schema`` serves a
        hand-written ``graphene.Schema`` (or a callable returning one) under this name.
        """
        name = canonical_name(name)
        values = dict(settings or {})
        values["enabled"] = enabled
        if description:
            values["description"] = description
        if apps is not None:
            values["apps"] = list(apps)
        if models is not None:
            values["models"] = list(models)
        source = "discovered" if self._discovering else "code"
        entry = SchemaEntry(name, description, enabled, values, source, schema)
        with self._lock:
            self._entries[name] = entry
            self._built.pop(name, None)
            self._sync_code_entry(name)
        return entry

    def unregister_schema(self, name: str) -> None:
        """Forget ``name`` (its settings entry, if any, brings it back on rediscovery)."""
        name = canonical_name(name)
        with self._lock:
            self._entries.pop(name, None)
            self._built.pop(name, None)
            settings_registry.set_code_entry(name, None)

    # -- discovery ---------------------------------------------------------------------------
    def discover(self) -> None:
        """Run discovery once (until :meth:`clear`): apps' schema modules, then settings."""
        if self._discovered:
            return
        with self._lock:
            if self._discovered:
                return
            from rail_django.core.registry.discovery import discover_schema_modules

            self._discovering = True
            try:
                discover_schema_modules(self)
            finally:
                self._discovering = False
            for configured_name, entry in _configured_entries().items():
                name = canonical_name(configured_name)
                if name not in self._entries:
                    self._entries[name] = SchemaEntry(
                        name,
                        str(entry.get("description", "")),
                        bool(entry.get("enabled", True)),
                        {},
                        "settings",
                    )
            if DEFAULT_SCHEMA_NAME not in self._entries:
                self._entries[DEFAULT_SCHEMA_NAME] = SchemaEntry(
                    DEFAULT_SCHEMA_NAME, "The default schema.", source="default"
                )
            for name in self._entries:
                self._sync_code_entry(name)
            self._discovered = True

    # -- lookup ------------------------------------------------------------------------------
    def entries(self) -> tuple[SchemaEntry, ...]:
        """Every registered entry, enabled or not, in registration order."""
        self.discover()
        return tuple(self._entries.values())

    def names(self) -> tuple[str, ...]:
        """The names of the enabled schemas, in registration order."""
        return tuple(entry.name for entry in self.entries() if self.is_enabled(entry.name))

    def is_enabled(self, name: str) -> bool:
        """Whether ``name`` is registered and not disabled by ``"enabled": False``."""
        name = canonical_name(name)
        self.discover()
        if name not in self._entries:
            return False
        return bool(settings_registry.resolve(name).options.get("enabled", True))

    def get(self, name: str) -> SchemaEntry | None:
        """The enabled entry called ``name``, or ``None``."""
        name = canonical_name(name)
        return self._entries.get(name) if self.is_enabled(name) else None

    def get_schema(self, name: str) -> Any:
        """The built ``graphene.Schema`` of ``name``, built on first use (thread-safe).

        Raises :class:`SchemaNotFound` when no enabled schema has that name.
        """
        name = canonical_name(name)
        built = self._built.get(name)
        if built is not None:
            return built
        with self._lock:
            built = self._built.get(name)
            if built is not None:
                return built
            entry = self.get(name)
            if entry is None:
                raise SchemaNotFound(name)
            built = self._build(entry)
            self._built[name] = built
            return built

    def runtime(self, name: str | None) -> SchemaRuntime:
        """The runtime of schema ``name`` (built on first use); the contracts'
        ``get_schema_runtime`` answers from here once core is ready.

        ``None``, a schema that is not enabled, or one registered as a ready-made
        ``graphene.Schema`` get a runtime made from their merged settings alone.
        """
        if name is not None:
            try:
                schema = self.get_schema(name)
            except SchemaNotFound:
                schema = None
            runtime = getattr(schema, "runtime", None)
            if runtime is not None:
                return runtime
            name = canonical_name(name)
        return SchemaRuntime(name, settings_registry.resolve(name))

    def built_names(self) -> tuple[str, ...]:
        """The names whose schema is built and cached in this process."""
        return tuple(self._built)

    # -- invalidation ------------------------------------------------------------------------
    def invalidate(self, names: Iterable[str] | None = None) -> None:
        """Drop built schemas (all, or ``names``) but keep the registrations."""
        with self._lock:
            if names is None:
                self._built.clear()
            else:
                for name in names:
                    self._built.pop(canonical_name(name), None)

    def clear(self) -> None:
        """Drop every built schema and every discovered or settings registration.

        The next use rediscovers (so changed settings and schema modules are picked up) and
        rebuilds. Schemas registered directly in code with :meth:`register_schema` outside
        discovery are kept.
        """
        with self._lock:
            self._built.clear()
            _clear_build_caches()
            for name, entry in list(self._entries.items()):
                if entry.source != "code":
                    del self._entries[name]
                    settings_registry.set_code_entry(name, None)
            self._discovered = False

    # -- internals ---------------------------------------------------------------------------
    def _build(self, entry: SchemaEntry) -> Any:
        from django.conf import settings
        from django.utils import translation

        # A schema is shared by every request: its generated descriptions are in LANGUAGE_CODE,
        # whichever request (and Accept-Language) happens to build it first.
        with translation.override(settings.LANGUAGE_CODE):
            if entry.schema is not None:
                return entry.schema() if callable(entry.schema) else entry.schema
            builder = self._builder
            if builder is None:
                from rail_django.core.schema_builder import build_schema

                builder = build_schema
            return builder(entry.name)

    def _sync_code_entry(self, name: str) -> None:
        entry = self._entries.get(name)
        values: dict[str, Any] = dict(entry.settings) if entry is not None else {}
        if name == DEFAULT_SCHEMA_NAME:
            # The "default" alias: its settings entry applies to gql. Both configured at once is
            # a system-check error, so there is no precedence question between them.
            alias = _configured_entries().get(DEFAULT_SCHEMA_ALIAS)
            if alias:
                values = _merge_entries(values, alias)
        settings_registry.set_code_entry(name, values or None)


def _clear_build_caches() -> None:
    # The compiler keeps small caches (resolved GraphQLMeta, meta.yaml files) that a rebuild
    # after clear() must not reuse.
    from rail_django.core.schema_builder import clear_build_caches

    clear_build_caches()


def _configured_entries() -> dict[str, Mapping[str, Any]]:
    from django.conf import settings

    configured = getattr(settings, "RAIL_DJANGO_GRAPHQL_SCHEMAS", None) or {}
    if not isinstance(configured, Mapping):
        return {}  # reported by the settings system check
    return {
        name: entry if isinstance(entry, Mapping) else {}
        for name, entry in configured.items()
        if isinstance(name, str)
    }


def _merge_entries(lower: Mapping[str, Any], upper: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(lower)
    for key, value in upper.items():
        if key not in _OPTION_NAMES and isinstance(value, Mapping):
            merged[key] = {**dict(merged.get(key) or {}), **value}
        else:
            merged[key] = value
    return merged


#: The process-wide registry (``from rail_django.core.registry import schema_registry``).
schema_registry = SchemaRegistry()

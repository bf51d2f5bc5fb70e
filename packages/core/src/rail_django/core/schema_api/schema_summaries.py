"""What the API says about a schema: its registration, a safe settings summary, its counts.

The settings summary names the switches an operator checks first (authentication,
introspection, GraphiQL, page sizes, query limits, metrics); it never dumps a whole section,
which may hold secrets (``monitoring_settings.metrics_token``).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    print_schema,
)

from rail_django.contracts.settings_registry import settings_registry
from rail_django.core.registry import SchemaEntry, schema_registry

#: (section, key) pairs shown in a schema's ``settings`` summary.
SUMMARY_KEYS: tuple[tuple[str, str], ...] = (
    ("schema_settings", "authentication_required"),
    ("schema_settings", "enable_introspection"),
    ("schema_settings", "enable_graphiql"),
    ("schema_settings", "auto_camelcase"),
    ("schema_settings", "show_metadata"),
    ("query_settings", "use_relay"),
    ("query_settings", "default_page_size"),
    ("query_settings", "max_page_size"),
    ("mutation_settings", "generate_bulk"),
    ("performance_settings", "max_query_depth"),
    ("performance_settings", "max_query_complexity"),
    ("monitoring_settings", "enable_metrics"),
)


def graphql_schema(name: str) -> GraphQLSchema:
    """The graphql-core schema of ``name`` (built on first use); raises ``SchemaNotFound``."""
    built = schema_registry.get_schema(name)
    return getattr(built, "graphql_schema", built)


def schema_sdl(name: str) -> str:
    """The SDL of ``name``, printed as ``manage.py rail_export_schema`` prints it."""
    return print_schema(graphql_schema(name))


def schema_summary(entry: SchemaEntry) -> dict[str, Any]:
    """One line of the schemas list: no build needed."""
    return {
        "name": entry.name,
        "description": entry.description,
        "source": entry.source,
        "built": entry.name in schema_registry.built_names(),
        "graphql_url": f"/graphql/{entry.name}/",
        "detail_url": f"/api/v1/schemas/{entry.name}/",
    }


def schema_detail(entry: SchemaEntry) -> dict[str, Any]:
    """The detail document: the summary, the settings summary and the counts (builds)."""
    schema = graphql_schema(entry.name)
    return {
        **schema_summary(entry),
        "built": True,
        "settings": settings_summary(entry.name),
        "counts": schema_counts(schema),
        "sdl_url": f"/api/v1/schemas/{entry.name}/sdl/",
        "rebuild_url": f"/api/v1/schemas/{entry.name}/rebuild/",
    }


def settings_summary(name: str) -> dict[str, dict[str, Any]]:
    """The :data:`SUMMARY_KEYS` of ``name``'s merged settings, by section."""
    resolved = settings_registry.resolve(name)
    summary: dict[str, dict[str, Any]] = {}
    for section, key in SUMMARY_KEYS:
        if section in resolved and key in resolved[section]:
            summary.setdefault(section, {})[key] = resolved[section][key]
    return summary


def schema_counts(schema: GraphQLSchema) -> dict[str, int]:
    """Named types by kind (introspection types left out) and fields per root and in all."""
    kinds = {
        "object_types": GraphQLObjectType,
        "input_types": GraphQLInputObjectType,
        "interfaces": GraphQLInterfaceType,
        "unions": GraphQLUnionType,
        "enums": GraphQLEnumType,
        "scalars": GraphQLScalarType,
    }
    types = [t for name, t in schema.type_map.items() if not name.startswith("__")]
    counts = {key: sum(isinstance(t, kind) for t in types) for key, kind in kinds.items()}
    counts["types"] = len(types)
    counts["fields"] = sum(
        len(t.fields)
        for t in types
        if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType))
    )
    for key, root in (
        ("query_fields", schema.query_type),
        ("mutation_fields", schema.mutation_type),
        ("subscription_fields", schema.subscription_type),
    ):
        counts[key] = len(root.fields) if root is not None else 0
    return counts


def registered_operations(name: str) -> dict[str, Any]:
    """The schema's registered operations (its ``persisted_operations`` manifest) and whether
    it runs only those; a manifest that cannot be read raises, like a schema that fails."""
    from rail_django.core.http.operation_manifest import manifest_at
    from rail_django.core.settings_sections import schema_settings

    section = schema_settings(name)["persisted_operations"]
    path = section["allowlist_path"]
    operations = list(manifest_at(path).by_id.values()) if path else []
    return {
        "schema": name,
        "allowlist_only": bool(section["allowlist_only"]),
        "operations": [op.as_dict() for op in sorted(operations, key=lambda op: op.id)],
    }

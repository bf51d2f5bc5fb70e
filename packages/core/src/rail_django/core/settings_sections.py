"""The ``RAIL_DJANGO_GRAPHQL`` sections core owns, with the guide's defaults.

Declared once here and registered with the contracts' settings registry by core's app. Read a
schema's effective values with :func:`schema_settings`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from rail_django.contracts.settings_registry import (
    ResolvedSettings,
    SchemaOption,
    SettingsSection,
    settings_registry,
)

OWNER = "rail_django.core"


def _positive(section: str, *keys: str):
    def validate(values: Mapping[str, Any]) -> Iterable[str]:
        for key in keys:
            value = values[key]
            if value is not None and value <= 0:
                yield _("%(key)s must be greater than 0 (got %(value)r)") % {
                    "key": key,
                    "value": value,
                }

    validate.__name__ = f"positive_{section}"
    return validate


def _page_sizes(values: Mapping[str, Any]) -> Iterable[str]:
    if values["default_page_size"] > values["max_page_size"]:
        yield _("default_page_size (%(default)s) must not exceed max_page_size (%(max)s)") % {
            "default": values["default_page_size"],
            "max": values["max_page_size"],
        }


def _prefix(values: Mapping[str, Any]) -> Iterable[str]:
    prefix = values["error_code_prefix"]
    if prefix and not prefix.replace("_", "").isalnum():
        yield _("error_code_prefix must be letters, digits and underscores (got %(value)r)") % {
            "value": prefix
        }
    if values["log_level"] not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        yield _("log_level must be a logging level name (got %(value)r)") % {
            "value": values["log_level"]
        }


def _transaction_scope(values: Mapping[str, Any]) -> Iterable[str]:
    if values["transaction_scope"] not in ("mutation", "request"):
        yield _("transaction_scope must be 'mutation' or 'request' (got %(value)r)") % {
            "value": values["transaction_scope"]
        }


def _nested_configs(values: Mapping[str, Any]) -> Iterable[str]:
    for label, config in (values["nested_relations_config"] or {}).items():
        if config is False:
            continue
        if not isinstance(config, Mapping) or set(config) - {"enabled", "fields"}:
            yield _(
                "nested_relations_config[%(label)r] must be False or a dict of 'enabled' "
                "and 'fields' (got %(value)r)"
            ) % {"label": label, "value": config}
    operations = {"create", "set", "add", "remove"}
    for label, per_field in (values["nested_field_config"] or {}).items():
        configs = per_field.values() if isinstance(per_field, Mapping) else [None]
        for config in configs:
            given = config.get("operations") if isinstance(config, Mapping) else None
            if not isinstance(given, (list, tuple)) or set(given) - operations:
                yield _(
                    "nested_field_config[%(label)r] must map relation names to "
                    "{'operations': [...]} of create, set, add, remove (got %(value)r)"
                ) % {"label": label, "value": per_field}
                break


def _metrics_backend(values: Mapping[str, Any]) -> Iterable[str]:
    if values["metrics_backend"] != "prometheus":
        yield _("metrics_backend must be 'prometheus' (got %(value)r)") % {
            "value": values["metrics_backend"]
        }


SCHEMA_SETTINGS = SettingsSection(
    name="schema_settings",
    owner=OWNER,
    defaults={
        "excluded_apps": [],
        "excluded_models": [],
        "enable_introspection": True,
        "enable_graphiql": True,
        "graphiql_superuser_only": False,
        "graphiql_allowed_hosts": [],
        "auto_refresh_on_model_change": False,
        "auto_refresh_on_migration": True,
        "prebuild_on_startup": False,
        "authentication_required": True,
        "enable_pagination": True,
        "auto_camelcase": True,
        "disable_security_mutations": False,
        "enable_extension_mutations": True,
        "show_metadata": False,
        "query_extensions": [],
        "mutation_extensions": [],
        "query_field_allowlist": None,
        "mutation_field_allowlist": None,
        "subscription_field_allowlist": None,
    },
    types={
        "query_field_allowlist": (list, tuple, type(None)),
        "mutation_field_allowlist": (list, tuple, type(None)),
        "subscription_field_allowlist": (list, tuple, type(None)),
    },
)

TYPE_GENERATION_SETTINGS = SettingsSection(
    name="type_generation_settings",
    owner=OWNER,
    defaults={
        "exclude_fields": {},
        "excluded_fields": {},
        "include_fields": None,
        "custom_field_mappings": {},
        "generate_filters": True,
        "enable_filtering": True,
        "auto_camelcase": True,
        "generate_descriptions": True,
    },
    types={"include_fields": (dict, type(None))},
)

QUERY_SETTINGS = SettingsSection(
    name="query_settings",
    owner=OWNER,
    defaults={
        "generate_filters": True,
        "generate_ordering": True,
        "generate_pagination": True,
        "enable_pagination": True,
        "enable_ordering": True,
        "use_relay": False,
        "default_page_size": 20,
        "max_page_size": 100,
        "max_grouping_buckets": 200,
        "max_property_ordering_results": 2000,
        "additional_lookup_fields": {},
        "require_model_permissions": True,
        "model_permission_codename": "view",
    },
    validators=(
        _positive(
            "query_settings",
            "default_page_size",
            "max_page_size",
            "max_grouping_buckets",
            "max_property_ordering_results",
        ),
        _page_sizes,
    ),
)

MUTATION_SETTINGS = SettingsSection(
    name="mutation_settings",
    owner=OWNER,
    defaults={
        "generate_create": True,
        "generate_update": True,
        "generate_delete": True,
        "generate_bulk": False,
        "enable_create": True,
        "enable_update": True,
        "enable_delete": True,
        "enable_bulk_operations": True,
        "enable_method_mutations": True,
        "require_model_permissions": True,
        "model_permission_codenames": {"create": "add", "update": "change", "delete": "delete"},
        "bulk_batch_size": 100,
        "bulk_include_models": [],
        "bulk_exclude_models": [],
        "required_update_fields": {},
        "enable_nested_relations": True,
        "nested_relations_config": {},
        "nested_field_config": {},
        # Extends the guide: "mutation" (each root mutation field commits on its own) or
        # "request" (the generated mutations of one request commit together or not at all).
        "transaction_scope": "mutation",
        # Extend the guide: write amplification limits (None turns one off). Each nested list
        # input (``<field>Create``, ``<field>``, ``<field>Add``/``Remove``) holds at most
        # max_nested_items items; one request writes at most max_rows_written_per_request rows
        # (created, updated, deleted, and to-many links); one operation holds at most
        # max_mutation_fields root mutation fields (aliases count).
        "max_nested_items": 100,
        "max_rows_written_per_request": 2000,
        "max_mutation_fields": 10,
    },
    validators=(
        _positive(
            "mutation_settings",
            "bulk_batch_size",
            "max_nested_items",
            "max_rows_written_per_request",
            "max_mutation_fields",
        ),
        _transaction_scope,
        _nested_configs,
    ),
)

PERFORMANCE_SETTINGS = SettingsSection(
    name="performance_settings",
    owner=OWNER,
    defaults={
        "enable_query_optimization": True,
        "enable_select_related": True,
        "enable_prefetch_related": True,
        "enable_only_fields": True,
        "enable_defer_fields": False,
        "enable_dataloader": True,
        "dataloader_batch_size": 100,
        "max_query_depth": 10,
        "max_query_complexity": 1000,
        "enable_query_cost_analysis": False,
        "query_timeout": 30,
        # Extends the guide: most aliases an operation may hold, counted through fragment
        # spreads (a fragment of 10 aliases spread 30 times is 300), and most lexical tokens a
        # document may hold (checked while parsing). ``None`` turns a limit off.
        "max_query_aliases": 100,
        "max_query_tokens": 15_000,
        # Extends the guide: most directives an operation may hold, counted like aliases
        # (graphql-armor's default is 50).
        "max_query_directives": 50,
        # Extends the guide (like GitHub's node limit): most rows the lists of one request may
        # return, counted as each list's rows are fetched. ``None`` turns it off.
        "max_rows_per_request": 10_000,
    },
    types={
        "query_timeout": (int, float, type(None)),
        "max_query_depth": (int, type(None)),
        "max_query_complexity": (int, type(None)),
        "max_query_aliases": (int, type(None)),
        "max_query_tokens": (int, type(None)),
        "max_query_directives": (int, type(None)),
        "max_rows_per_request": (int, type(None)),
    },
    validators=(
        _positive(
            "performance_settings",
            "dataloader_batch_size",
            "max_query_depth",
            "max_query_complexity",
            "query_timeout",
            "max_query_aliases",
            "max_query_tokens",
            "max_query_directives",
            "max_rows_per_request",
        ),
    ),
)

MIDDLEWARE_SETTINGS = SettingsSection(
    inert={
    },
    name="middleware_settings",
    owner=OWNER,
    defaults={
        "enable_authentication_middleware": True,
        "enable_logging_middleware": True,
        "enable_performance_middleware": True,
        "enable_error_handling_middleware": True,
        "enable_rate_limiting_middleware": True,
        "enable_validation_middleware": True,
        "enable_field_permission_middleware": True,
        "enable_cors_middleware": True,
        "log_queries": True,
        "log_mutations": True,
        "log_field_level": False,
        "log_introspection": False,
        "log_errors": True,
        "log_performance": True,
        "performance_threshold_ms": 1000,
        "enable_query_complexity_middleware": True,
    },
    validators=(_positive("middleware_settings", "performance_threshold_ms"),),
)

ERROR_HANDLING = SettingsSection(
    name="error_handling",
    owner=OWNER,
    defaults={
        "enable_detailed_errors": False,
        "enable_error_logging": True,
        "enable_error_reporting": True,
        "enable_sentry_integration": False,
        "mask_internal_errors": True,
        "include_stack_trace": False,
        "error_code_prefix": "RAIL_GQL",
        "max_error_message_length": 500,
        "enable_error_categorization": True,
        "enable_error_metrics": True,
        "log_level": "ERROR",
    },
    validators=(_positive("error_handling", "max_error_message_length"), _prefix),
)

SCALAR_NAMES = (
    "DateTime",
    "Date",
    "Time",
    "JSON",
    "UUID",
    "Email",
    "URL",
    "Phone",
    "Decimal",
    "Binary",
)

CUSTOM_SCALARS = SettingsSection(
    name="custom_scalars",
    owner=OWNER,
    defaults={name: {"enabled": True} for name in SCALAR_NAMES},
)

MONITORING_SETTINGS = SettingsSection(
    name="monitoring_settings",
    owner=OWNER,
    defaults={
        "enable_metrics": False,
        "metrics_backend": "prometheus",
        # Extends the guide: who may scrape /metrics/ (a bearer token, else a user holding the
        # permission; never public), and the readiness probe's time limits in seconds.
        "metrics_token": None,
        "metrics_permission": "rail_django.view_metrics",
        "health_check_timeout": 2.0,
        "health_check_budget": 5.0,
    },
    types={
        "metrics_token": (str, type(None)),
        "health_check_timeout": (int, float),
        "health_check_budget": (int, float),
    },
    validators=(
        _positive("monitoring_settings", "health_check_timeout", "health_check_budget"),
        _metrics_backend,
    ),
)


def _persisted(values: Mapping[str, Any]) -> Iterable[str]:
    if values["allowlist_only"] and not values["allowlist_path"]:
        yield _("allowlist_only needs allowlist_path (the registered operations)")


#: Extends the guide: Apollo's automatic persisted queries, and an allow-list of operations
#: registered ahead of time (``manage.py rail_persisted_operations``).
PERSISTED_OPERATIONS = SettingsSection(
    name="persisted_operations",
    owner=OWNER,
    defaults={
        "enable_automatic_persisted_queries": True,
        "cache_alias": "default",
        "cache_timeout": 86_400,
        "allowlist_only": False,
        "allowlist_path": None,
    },
    types={
        "cache_timeout": (int, type(None)),
        "allowlist_path": (str, type(None)),
    },
    validators=(_positive("persisted_operations", "cache_timeout"), _persisted),
)

SCHEMA_REGISTRY = SettingsSection(
    name="schema_registry",
    owner=OWNER,
    defaults={"enable_registry": False, "auto_discover_packages": []},
)

SECTIONS = (
    SCHEMA_SETTINGS,
    TYPE_GENERATION_SETTINGS,
    QUERY_SETTINGS,
    MUTATION_SETTINGS,
    PERFORMANCE_SETTINGS,
    MIDDLEWARE_SETTINGS,
    ERROR_HANDLING,
    CUSTOM_SCALARS,
    MONITORING_SETTINGS,
    PERSISTED_OPERATIONS,
    SCHEMA_REGISTRY,
)

#: Keys allowed directly in a ``RAIL_DJANGO_GRAPHQL_SCHEMAS`` entry, outside the sections.
SCHEMA_OPTIONS = (
    SchemaOption("enabled", True, bool),
    SchemaOption("description", "", str),
    SchemaOption("apps", None, (list, tuple, type(None))),
    SchemaOption("models", None, (list, tuple, type(None))),
)


def register_sections() -> None:
    """Declare core's sections and schema options (called from core's ``AppConfig.ready()``)."""
    for section in SECTIONS:
        settings_registry.register(section)
    for option in SCHEMA_OPTIONS:
        settings_registry.register_schema_option(option)


def schema_settings(schema_name: str | None = None) -> ResolvedSettings:
    """The effective settings of ``schema_name`` (``None``: the global level)."""
    return settings_registry.resolve(schema_name)

"""Guide settings that are accepted but do not act yet, and the warning that says so.

The guide lists these keys and users copy its settings block whole, so refusing them would break
working configurations. Accepting them silently would be worse: a user who turns on
``enable_sentry_integration`` believes errors reach Sentry. ``manage.py check`` therefore warns
(``rail_django.W210``) for every such key set to something other than its default, naming what
it is waiting for.
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from rail_django.contracts.settings_registry import settings_registry

#: (section, key) -> what the key is waiting for.
INERT_KEYS: dict[tuple[str, str], str] = {
    ("schema_settings", "enable_extension_mutations"): "the health and audit extensions",
    ("schema_settings", "show_metadata"): "the model metadata extension",
    ("query_settings", "max_grouping_buckets"): "grouping queries",
    ("middleware_settings", "enable_authentication_middleware"): (
        "add or remove the security package's JWTAuthenticationMiddleware in MIDDLEWARE instead"
    ),
    ("middleware_settings", "enable_cors_middleware"): "CORS support",
    ("middleware_settings", "enable_error_handling_middleware"): (
        "nothing: errors are always formatted by the endpoint (see error_handling)"
    ),
    ("middleware_settings", "enable_rate_limiting_middleware"): "rate limiting",
    ("middleware_settings", "enable_validation_middleware"): "input sanitisation",
    ("error_handling", "enable_error_categorization"): "error categories in responses",
    ("error_handling", "enable_error_metrics"): "error metrics",
    ("error_handling", "enable_error_reporting"): "error reporting to external services",
    ("error_handling", "enable_sentry_integration"): "the Sentry integration",
}


def check_inert_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn for every inert key set away from its default, globally or in a schema."""
    warnings: list[checks.CheckMessage] = []
    for schema_name in (None, *settings_registry.schema_names()):
        resolved = settings_registry.resolve(schema_name)
        where = "RAIL_DJANGO_GRAPHQL" if schema_name is None else f"schema {schema_name!r}"
        for (section, key), waiting_for in INERT_KEYS.items():
            if section not in resolved:
                continue
            default = settings_registry.section(section).defaults[key]
            if resolved[section][key] == default:
                continue
            if schema_name is not None and _same_as_global(section, key, resolved):
                continue  # already reported once for the global level
            warnings.append(
                checks.Warning(
                    f"{where}: {section}.{key} is accepted but has no effect yet.",
                    hint=f"It waits for {waiting_for}.",
                    id="rail_django.W210",
                )
            )
    return warnings


def _same_as_global(section: str, key: str, resolved: Any) -> bool:
    return settings_registry.resolve(None)[section][key] == resolved[section][key]

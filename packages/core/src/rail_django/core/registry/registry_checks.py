"""System checks for schema registration and the endpoint's settings.

Ids: ``rail_django.E201`` both ``gql`` and its alias ``default`` configured;
``rail_django.E202`` an ``auto_discover_packages`` entry cannot be imported;
``rail_django.W201`` ``auto_discover_packages`` given while ``enable_registry`` is off;
``rail_django.E203`` ``include_stack_trace`` or ``enable_detailed_errors`` on, or
``enable_error_handling_middleware`` off, while ``DEBUG`` is off (they act only in development);
``rail_django.W203`` GraphiQL enabled but its static assets are not installed;
``rail_django.W204`` the Sentry integration is on but sentry-sdk is not installed;
``rail_django.E204`` ``persisted_operations.allowlist_only`` is on and its manifest cannot be read
(every request of that schema would fail).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from rail_django.contracts.settings_registry import settings_registry
from rail_django.core.errors.error_reporting import sentry_available
from rail_django.core.registry.schema_registry import DEFAULT_SCHEMA_ALIAS, DEFAULT_SCHEMA_NAME


def check_schema_registry(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Problems in the schema registry's configuration."""
    problems: list[checks.CheckMessage] = []
    configured = getattr(settings, "RAIL_DJANGO_GRAPHQL_SCHEMAS", None) or {}
    if isinstance(configured, Mapping) and {DEFAULT_SCHEMA_NAME, DEFAULT_SCHEMA_ALIAS} <= set(
        configured
    ):
        problems.append(
            checks.Error(
                _(
                    "RAIL_DJANGO_GRAPHQL_SCHEMAS configures both 'gql' and 'default'; 'default' "
                    "is an alias of the default schema 'gql'."
                ),
                hint=_("Keep one of the two entries."),
                id="rail_django.E201",
            )
        )
    resolved = settings_registry.resolve(None)
    if "schema_registry" in resolved:
        section = resolved["schema_registry"]
        packages = section.get("auto_discover_packages") or []
        if packages and not section.get("enable_registry"):
            problems.append(
                checks.Warning(
                    _(
                        "schema_registry.auto_discover_packages is set but enable_registry is "
                        "off, so those packages are not scanned."
                    ),
                    hint=_("Set schema_registry.enable_registry to True."),
                    id="rail_django.W201",
                )
            )
        elif isinstance(packages, (list, tuple)):
            for name in packages:
                if not isinstance(name, str) or not _importable(name):
                    problems.append(
                        checks.Error(
                            _("schema_registry.auto_discover_packages: cannot import %(name)r.")
                            % {"name": name},
                            id="rail_django.E202",
                        )
                    )
    return problems


def check_endpoint_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Settings of the GraphQL endpoint that are risky or cannot work as given."""
    problems: list[checks.CheckMessage] = []
    names: list[str | None] = [None, *_configured_names()]
    if not settings.DEBUG:
        for key in ("include_stack_trace", "enable_detailed_errors"):
            on = [n for n in names if _value(n, "error_handling", key)]
            if on:
                label = ", ".join(_("global") if n is None else repr(n) for n in on)
                problems.append(
                    checks.Error(
                        _("error_handling.%(key)s is on (%(schemas)s) while DEBUG is off.")
                        % {"key": key, "schemas": label},
                        hint=_(
                            "It acts only with DEBUG = True (clients would see server "
                            "internals): turn it off in production settings."
                        ),
                        id="rail_django.E203",
                    )
                )
        off = [
            n
            for n in names
            if _value(n, "middleware_settings", "enable_error_handling_middleware") is False
        ]
        if off:
            label = ", ".join("global" if n is None else repr(n) for n in off)
            problems.append(
                checks.Error(
                    _(
                        "middleware_settings.enable_error_handling_middleware is off (%(where)s) "
                        "while DEBUG is off."
                    )
                    % {"where": label},
                    hint=_(
                        "It acts only with DEBUG = True (internal errors would reach Django's "
                        "error page): turn it back on in production settings."
                    ),
                    id="rail_django.E203",
                )
            )
    sentry_on = [
        n
        for n in names
        if _value(n, "error_handling", "enable_sentry_integration")
        and _value(n, "error_handling", "enable_error_reporting")
    ]
    if sentry_on and not sentry_available():
        problems.append(
            checks.Warning(
                _(
                    "error_handling.enable_sentry_integration is on but sentry-sdk is not "
                    "installed: internal errors are not reported."
                ),
                hint=_("pip install 'rail-django-core[sentry]' and call sentry_sdk.init()."),
                id="rail_django.W204",
            )
        )
    problems += _manifest_problems(names)
    graphiql_on = any(_value(n, "schema_settings", "enable_graphiql") for n in names)
    if graphiql_on:
        from rail_django.core.http.graphiql_page import missing_assets

        missing = missing_assets()
        if missing:
            problems.append(
                checks.Warning(
                    _("GraphiQL is enabled but its static assets are missing: %(files)s")
                    % {"files": ", ".join(missing)},
                    hint=_(
                        "Run `python packages/core/scripts/fetch_graphiql_assets.py` "
                        "(a source checkout) or reinstall rail-django-core from a wheel."
                    ),
                    id="rail_django.W203",
                )
            )
    return problems


def _configured_names() -> list[str]:
    configured = getattr(settings, "RAIL_DJANGO_GRAPHQL_SCHEMAS", None) or {}
    return [n for n in configured if isinstance(n, str)] if isinstance(configured, Mapping) else []


def _value(schema_name: str | None, section: str, key: str) -> Any:
    resolved = settings_registry.resolve(schema_name)
    return resolved[section].get(key) if section in resolved else None


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _manifest_problems(names: list[str | None]) -> list[checks.CheckMessage]:
    from rail_django.core.http.operation_manifest import ManifestError, manifest_at

    problems: list[checks.CheckMessage] = []
    for name in names:
        path = _value(name, "persisted_operations", "allowlist_path")
        if not _value(name, "persisted_operations", "allowlist_only") or not path:
            continue
        try:
            manifest_at(path)
        except ManifestError as exc:
            label = _("global") if name is None else repr(name)
            problems.append(
                checks.Error(
                    _(
                        "persisted_operations (%(schema)s): the registered operations cannot be "
                        "read: %(reason)s"
                    )
                    % {"schema": label, "reason": exc},
                    hint=_("Write it with `manage.py rail_persisted_operations SOURCE`."),
                    id="rail_django.E204",
                )
            )
    return problems

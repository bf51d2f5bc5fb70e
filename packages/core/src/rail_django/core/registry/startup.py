"""What the schema registry and endpoint set up when core's app is ready."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from django.apps import apps
from django.conf import settings
from django.core import checks

from rail_django.contracts.schema_runtime import runtime_provider
from rail_django.contracts.settings_registry import settings_registry
from rail_django.core.registry.schema_registry import schema_registry

logger = logging.getLogger("rail_django.core.registry")

#: How long the prebuild waits for the remaining apps' ``ready()`` before giving up.
PREBUILD_WAIT_SECONDS = 120


def install_endpoint() -> None:
    """Connect the registry's refresh signals, register its checks, start the prebuild.

    Called once from core's ``AppConfig.ready()``.
    """
    from rail_django.core.registry.refresh_signals import connect_refresh_signals
    from rail_django.core.registry.registry_checks import (
        check_endpoint_settings,
        check_schema_registry,
    )

    runtime_provider.install(schema_registry.runtime, owner="rail_django.core")
    connect_refresh_signals()
    checks.register(check_schema_registry, "rail_django")
    checks.register(check_endpoint_settings, "rail_django")
    from rail_django.core.schema_api.api_settings import check_schema_api_settings

    checks.register(check_schema_api_settings, "rail_django")
    if prebuild_requested():
        start_prebuild()


def prebuild_requested() -> bool:
    """Whether the global settings or any configured schema ask for ``prebuild_on_startup``."""
    names: list[str | None] = [None]
    configured = getattr(settings, "RAIL_DJANGO_GRAPHQL_SCHEMAS", None) or {}
    if isinstance(configured, Mapping):
        names += [name for name in configured if isinstance(name, str)]
    return any(_prebuild_on(name) for name in names)


def start_prebuild() -> threading.Thread:
    """Build the schemas that ask for it once every app is ready, in one background thread.

    Core's ``ready()`` runs before the ``ready()`` of the extensions listed after it, and those
    register the plugin contributions a schema is built with; so the build waits for the app
    registry to be complete instead of building now. Building never queries the database, so
    this is safe in processes that have none (``collectstatic`` in an image build).
    """
    thread = threading.Thread(target=_prebuild_when_ready, name="rail-django-prebuild", daemon=True)
    thread.start()
    return thread


def prebuild_schemas() -> list[str]:
    """Build now every enabled schema whose ``prebuild_on_startup`` is on; return their names."""
    built = []
    for name in schema_registry.names():
        if _prebuild_on(name):
            schema_registry.get_schema(name)
            built.append(name)
    return built


def _prebuild_when_ready() -> None:
    if not apps.ready_event.wait(PREBUILD_WAIT_SECONDS):
        logger.warning("Schema prebuild skipped: the app registry was not ready in time.")
        return
    try:
        names = prebuild_schemas()
    except Exception:
        # The first request will build (and report) it again; a prebuild must not kill startup.
        logger.exception("Schema prebuild failed.")
    else:
        logger.info("Prebuilt GraphQL schemas: %s", ", ".join(names) or "none")


def _prebuild_on(schema_name: str | None) -> bool:
    resolved = settings_registry.resolve(schema_name)
    return "schema_settings" in resolved and bool(
        resolved["schema_settings"].get("prebuild_on_startup")
    )

"""When built schemas are dropped so the next request rebuilds them.

- ``setting_changed`` on a Rail Django setting (tests, ``override_settings``): everything is
  cleared and rediscovered.
- ``post_migrate``: schemas whose ``auto_refresh_on_migration`` is on are rebuilt.
- ``post_save`` / ``post_delete``: with ``settings.DEBUG`` only, schemas whose
  ``auto_refresh_on_model_change`` is on are rebuilt (a development convenience; never in
  production, where it would rebuild on every write).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_migrate, post_save

from rail_django.contracts.settings_registry import settings_registry
from rail_django.core.registry.schema_registry import schema_registry

_RESETTING_SETTINGS = frozenset(
    {"RAIL_DJANGO_GRAPHQL", "RAIL_DJANGO_GRAPHQL_SCHEMAS", "INSTALLED_APPS"}
)


def connect_refresh_signals() -> None:
    """Connect the receivers (idempotent: each has a ``dispatch_uid``)."""
    setting_changed.connect(_on_setting_changed, dispatch_uid="rail_django_registry_settings")
    post_migrate.connect(_on_post_migrate, dispatch_uid="rail_django_registry_migrate")
    post_save.connect(_on_model_change, dispatch_uid="rail_django_registry_save")
    post_delete.connect(_on_model_change, dispatch_uid="rail_django_registry_delete")


def _on_setting_changed(setting: str, **kwargs: Any) -> None:
    if setting in _RESETTING_SETTINGS:
        settings_registry.clear_cache()
        schema_registry.clear()


def _on_post_migrate(**kwargs: Any) -> None:
    stale = [
        name for name in schema_registry.built_names() if _flag(name, "auto_refresh_on_migration")
    ]
    schema_registry.invalidate(stale)


def _on_model_change(**kwargs: Any) -> None:
    # Cheap exits first: this runs on every save of every model.
    if not settings.DEBUG or kwargs.get("raw"):
        return
    built = schema_registry.built_names()
    if not built:
        return
    stale = [name for name in built if _flag(name, "auto_refresh_on_model_change")]
    if stale:
        schema_registry.invalidate(stale)


def _flag(schema_name: str, key: str) -> bool:
    resolved = settings_registry.resolve(schema_name)
    return "schema_settings" in resolved and bool(resolved["schema_settings"].get(key))

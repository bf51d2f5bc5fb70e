"""Finding ``register_schema(registry)`` hooks in installed apps and configured packages.

A module is imported only when it exists, so an ``ImportError`` raised *inside* a user's
schemas module is not mistaken for "no such module" and surfaces as the bug it is.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from rail_django.contracts.settings_registry import settings_registry

if TYPE_CHECKING:
    from rail_django.core.registry.schema_registry import SchemaRegistry

#: Module names looked for in each installed app, in this order (guide §4).
SCHEMA_MODULES = ("schemas", "graphql_schema", "schema", "graphql.schema")

HOOK_NAME = "register_schema"


def discover_schema_modules(registry: SchemaRegistry) -> list[str]:
    """Call every discovered ``register_schema(registry)``; return the modules' dotted names.

    Installed apps are scanned in ``INSTALLED_APPS`` order. The packages listed in
    ``schema_registry.auto_discover_packages`` are scanned after them when
    ``schema_registry.enable_registry`` is on.
    """
    called: list[str] = []
    for app_config in apps.get_app_configs():
        for module in _schema_modules(app_config.module):
            _call_hook(module, registry, called)
    for package_name in discover_packages():
        package = importlib.import_module(package_name)
        _call_hook(package, registry, called)
        for module in _schema_modules(package):
            _call_hook(module, registry, called)
    return called


def discover_packages() -> tuple[str, ...]:
    """The extra packages to scan: ``auto_discover_packages`` when ``enable_registry`` is on."""
    resolved = settings_registry.resolve(None)
    if "schema_registry" not in resolved:
        return ()
    section = resolved["schema_registry"]
    if not section.get("enable_registry"):
        return ()
    return tuple(str(name) for name in section.get("auto_discover_packages") or ())


def _schema_modules(package: ModuleType | None) -> list[ModuleType]:
    if package is None or not hasattr(package, "__path__"):
        return []
    found = []
    for dotted in SCHEMA_MODULES:
        module = _import_submodule(package, dotted.split("."))
        if module is not None:
            found.append(module)
    return found


def _import_submodule(package: ModuleType, parts: list[str]) -> ModuleType | None:
    current = package
    for part in parts:
        if not hasattr(current, "__path__") or not module_has_submodule(current, part):
            return None
        current = importlib.import_module(f"{current.__name__}.{part}")
    return current


def _call_hook(module: ModuleType, registry: SchemaRegistry, called: list[str]) -> None:
    hook = getattr(module, HOOK_NAME, None)
    if callable(hook) and module.__name__ not in called:
        hook(registry)
        called.append(module.__name__)

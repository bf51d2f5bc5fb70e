"""Field-level permissions: visible / masked / hidden per role, compiled into field guards."""

from typing import Any

from rail_django.security.field_permissions.field_guards import field_guard_provider


def input_mode(schema_name: str | None = None) -> str:
    """``security_settings.field_permission_input_mode`` of a schema: ``"reject"`` (a refused
    input field fails the mutation) or ``"strip"`` (it is dropped from the input)."""
    from rail_django.contracts.settings_registry import settings_registry

    resolved: Any = settings_registry.resolve(schema_name)
    return str(resolved["security_settings"]["field_permission_input_mode"])


__all__ = ["field_guard_provider", "input_mode"]

"""Field-level permissions: visible / masked / hidden per role, compiled into field guards."""

from rail_django.security.field_permissions.field_guards import field_guard_provider


def input_mode(schema_name: str | None = None) -> str:
    """``security_settings.field_permission_input_mode`` of a schema: ``"reject"`` (a refused
    input field fails the mutation) or ``"strip"`` (it is dropped from the input).

    Answered by the schema's runtime (its field-access table asks the active permission
    backend), so this is the mode mutations of that schema apply.
    """
    from rail_django.contracts.schema_runtime import get_schema_runtime

    return str(get_schema_runtime(schema_name).field_access.input_mode())


__all__ = ["field_guard_provider", "input_mode"]

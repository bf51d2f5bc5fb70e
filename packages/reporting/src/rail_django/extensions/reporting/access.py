"""Who may group a model or run a dataset: every decision is the contracts' permission backend's.

Nothing here decides on its own: reading a model is the backend's ``check_operation`` under the
schema's ``authentication_required`` / ``require_model_permissions`` settings (as the generated
list fields decide), rows are scoped by the queryset pipeline, and each hop of a column's path is
asked of the schema runtime's field-access table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import get_permission_backend
from rail_django.contracts.schema_runtime import SchemaRuntime
from rail_django.extensions.reporting.field_paths import FieldPath


def request_user(info: Any) -> Any:
    """The user of the request behind a resolver's ``info``."""
    return getattr(info.context, "user", None)


def model_refusal(runtime: SchemaRuntime, model: type[Model], user: Any) -> RailError | None:
    """Why ``user`` may not read ``model`` in this schema (``None``: they may)."""
    schema = runtime.section("schema_settings")
    query = runtime.section("query_settings")
    if schema.get("authentication_required") and not getattr(user, "is_authenticated", False):
        return RailError(_("Authentication required."), ErrorCode.UNAUTHENTICATED)
    if query.get("require_model_permissions", True):
        decision = get_permission_backend().check_operation(
            user,
            model,
            "view",
            codename=query.get("model_permission_codename") or "view",
            runtime=runtime,
        )
        if not decision.allowed:
            message = decision.reason or _("You do not have permission to view %(models)s.") % {
                "models": model._meta.verbose_name_plural
            }
            return RailError(message, decision.code or ErrorCode.PERMISSION_DENIED)
    return None


def ensure_model_access(runtime: SchemaRuntime, model: type[Model], user: Any) -> None:
    refusal = model_refusal(runtime, model, user)
    if refusal is not None:
        raise refusal


def unreadable_hop(
    runtime: SchemaRuntime, user: Any, path: FieldPath, context: Any = None
) -> str | None:
    """The first hop of ``path`` whose real value ``user`` may not read (``Model.field``)."""
    access = runtime.field_access
    for model, name in path.hops:
        if not access.readable(user, model, name, context=context):
            return f"{model.__name__}.{name}"
    return None


def ensure_readable(
    runtime: SchemaRuntime,
    user: Any,
    columns: Iterable[tuple[str, FieldPath | None]],
    context: Any = None,
) -> None:
    """Refuse a column built on a field ``user`` may not read (masked or hidden): grouping or
    aggregating it would reveal what the field-access table withholds."""
    for name, path in columns:
        if path is None:
            continue
        hop = unreadable_hop(runtime, user, path, context)
        if hop is not None:
            raise RailError(
                _("You may not group or aggregate %(field)s (column %(column)r).")
                % {"field": hop, "column": name},
                ErrorCode.PERMISSION_DENIED,
            )

"""Who may export what: the allow-list first, then exactly what listing the model needs.

Default-deny: a model absent from ``RAIL_DJANGO_EXPORT["models"]`` is refused for every user,
superusers included. Within the allow-list nothing is decided here: reading the model is the
contracts' permission backend's ``check_operation`` under the schema's
``authentication_required`` / ``require_model_permissions`` settings (as the generated list field
decides), and each column asks the schema runtime's field-access table (:mod:`.columns`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import get_permission_backend
from rail_django.contracts.schema_runtime import SchemaRuntime


def allow_list_entry(values: Mapping[str, Any], model: type[Model]) -> Mapping[str, Any] | None:
    """The model's allow-list entry (``{}`` for ``None``), or ``None`` when it is not listed."""
    models = values["models"]
    label = model._meta.label_lower
    for key, entry in models.items():
        if str(key).lower() == label:
            return entry or {}
    return None


def is_exportable(values: Mapping[str, Any], model: type[Model]) -> bool:
    return bool(values["enabled"]) and allow_list_entry(values, model) is not None


def allowed_paths(entry: Mapping[str, Any]) -> Sequence[str] | None:
    """The field paths the entry lists (``None``: every field the type exposes)."""
    fields = entry.get("fields")
    return None if fields is None else list(fields)


def ensure_may_export(
    runtime: SchemaRuntime,
    values: Mapping[str, Any],
    model: type[Model],
    user: Any,
    *,
    extra_permission: str = "",
) -> Mapping[str, Any]:
    """The model's allow-list entry, or ``RailError`` saying why ``user`` may not export it."""
    entry = allow_list_entry(values, model)
    if entry is None or not values["enabled"]:
        raise RailError(
            _('%(model)s may not be exported (not in RAIL_DJANGO_EXPORT["models"]).')
            % {"model": model._meta.label},
            ErrorCode.EXPORT_NOT_ALLOWED,
        )
    schema = runtime.section("schema_settings")
    query = runtime.section("query_settings")
    if schema.get("authentication_required") and not getattr(user, "is_authenticated", False):
        raise RailError(_("Authentication required."), ErrorCode.UNAUTHENTICATED)
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
            raise RailError(message, decision.code or ErrorCode.PERMISSION_DENIED)
    for permission in (values["required_permission"], entry.get("permission"), extra_permission):
        if permission and not (user is not None and user.has_perm(permission)):
            raise RailError(
                _("You do not have permission to export %(models)s.")
                % {"models": model._meta.verbose_name_plural},
                ErrorCode.PERMISSION_DENIED,
            )
    return entry

"""Who may run a generated mutation: ``enable_*``, ``authentication_required`` and, with
``require_model_permissions``, the permission backend's decision for the operation's codename
(``model_permission_codenames``: ``add`` / ``change`` / ``delete`` by default).

A refusal of the whole operation is a GraphQL error with its code (``RAIL_GQL_OPERATION_DISABLED``,
``RAIL_GQL_UNAUTHENTICATED``, ``RAIL_GQL_PERMISSION_DENIED``); a refusal inside a nested write is
a payload error at the nested path (see :func:`refusal`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import get_permission_backend
from rail_django.core.mutations.mutation_options import MutationOptions


def refusal(
    options: MutationOptions,
    model: type[Model],
    operation: str,
    user: Any,
    *,
    obj: Model | None = None,
    codename: str | None = None,
) -> tuple[str, ErrorCode | str] | None:
    """Why ``user`` may not run ``operation`` on ``model`` (``None``: they may)."""
    if options.authentication_required and not getattr(user, "is_authenticated", False):
        return ("Authentication required.", ErrorCode.UNAUTHENTICATED)
    if not options.require_model_permissions:
        return None
    decision = get_permission_backend().check_operation(
        user,
        model,
        operation,
        obj=obj,
        codename=codename or options.codename(operation),
        runtime=options.runtime,
    )
    if decision.allowed:
        return None
    message = decision.reason or (
        f"You do not have permission to {operation} {model._meta.verbose_name_plural}."
    )
    return (message, decision.code or ErrorCode.PERMISSION_DENIED)


def ensure_allowed(
    options: MutationOptions,
    model: type[Model],
    operation: str,
    user: Any,
    *,
    bulk: bool = False,
    codename: str | None = None,
) -> None:
    """Raise ``RailError`` unless ``user`` may run ``operation`` on ``model`` here."""
    if not options.enabled(operation, bulk=bulk):
        template = (
            gettext("Bulk %(operation)s of %(models)s is disabled.")
            if bulk
            else gettext("%(operation)s of %(models)s is disabled.")
        )
        raise RailError(
            template
            % {
                "operation": operation if bulk else operation.capitalize(),
                "models": model._meta.verbose_name_plural,
            },
            ErrorCode.OPERATION_DISABLED,
        )
    refused = refusal(options, model, operation, user, codename=codename)
    if refused is not None:
        raise RailError(*refused)

"""Who may render a template, and which row they get: every decision is the contracts'.

Reading the model is the permission backend's ``check_operation`` (under the schema's
``authentication_required`` / ``require_model_permissions``, as generated list fields decide);
the row comes through the queryset pipeline, so it is inside the user's permission scope or it
is "not found" (a 404, like a missing row, so ids cannot be probed). Every document needs a
signed-in user. A template's extra
``permissions`` are Django permissions (``user.has_perm``) and its ``roles`` group names.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import get_permission_backend
from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.contracts.schema_runtime import SchemaRuntime, get_schema_runtime
from rail_django.extensions.templating.template_registry import PdfTemplate


def access_refusal(template: PdfTemplate, user: Any, runtime: SchemaRuntime) -> RailError | None:
    """Why ``user`` may not render ``template`` at all (``None``: they may)."""
    # Documents are never public, whatever the schema's authentication_required says: a PDF is
    # a copy of data that leaves the API's field rules behind.
    if not getattr(user, "is_authenticated", False):
        return RailError(_("Authentication required."), ErrorCode.UNAUTHENTICATED)
    query = runtime.section("query_settings")
    if template.model is not None and query.get("require_model_permissions", True):
        decision = get_permission_backend().check_operation(
            user,
            template.model,
            "view",
            codename=query.get("model_permission_codename") or "view",
            runtime=runtime,
        )
        if not decision.allowed:
            message = decision.reason or _("You do not have permission to view %(models)s.") % {
                "models": template.model._meta.verbose_name_plural
            }
            return RailError(message, decision.code or ErrorCode.PERMISSION_DENIED)
    if template.permissions and not user.has_perms(template.permissions):
        return RailError(
            _("This document needs a permission you do not have."), ErrorCode.PERMISSION_DENIED
        )
    if template.roles and not _has_role(user, template.roles):
        return RailError(
            _("This document needs a role you do not have."), ErrorCode.PERMISSION_DENIED
        )
    return None


def _has_role(user: Any, roles: tuple[str, ...]) -> bool:
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=roles).exists()


def visible_row(template: PdfTemplate, user: Any, pk: str, runtime: SchemaRuntime) -> Any:
    """The row ``pk`` of the template's model as ``user`` may see it; ``NOT_FOUND`` else."""
    assert template.model is not None
    queryset = build_queryset(
        QueryRequest(model=template.model, user=user, operation="view", runtime=runtime)
    )
    try:
        row = queryset.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        row = None
    if row is None:
        raise RailError(_("No such document."), ErrorCode.NOT_FOUND)
    return row


def template_context(
    template: PdfTemplate, user: Any, pk: str, request: Any, schema_name: str
) -> dict[str, Any]:
    """Check access, find the row and build the template's context (``RailError`` if refused)."""
    runtime = get_schema_runtime(schema_name)
    refusal = access_refusal(template, user, runtime)
    if refusal is not None:
        raise refusal
    if template.model is None:
        values = dict(template.context(pk, request, user))
        return {"user": user, "request": request, **values}
    row = visible_row(template, user, pk, runtime)
    values = dict(template.context(row, request, user))
    return {"object": row, "user": user, "request": request, **values}

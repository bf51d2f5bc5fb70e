"""The ``explainPermission`` query: why a permission is (not) granted, and which policy decided.

Any signed-in user may explain their own permissions; a security admin (superuser, or holder of
``rail_django_security.change_role``) may pass ``userId`` to explain someone else's. The object
is looked up within what the *asking* user may view, so an id outside their scope answers
``RAIL_GQL_NOT_FOUND`` exactly like a missing one.

Each schema's field answers with that schema's ``security_settings`` (its runtime): with
``enable_policy_engine`` (or ``enable_authorization``) off there, no policy decides.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import graphene
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext

from rail_django.contracts.build_context import SchemaBuildContext
from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import get_permission_backend
from rail_django.security.access_rules import normalize_operation
from rail_django.security.permission_backend import is_superuser, security_options
from rail_django.security.policies.policy_manager import policy_manager
from rail_django.security.rbac.permission_names import split_context
from rail_django.security.rbac.role_manager import PermissionContext, role_manager

if TYPE_CHECKING:
    from rail_django.contracts.schema_runtime import SchemaRuntime

ADMIN_PERMISSION = "rail_django_security.change_role"


class PolicyDecisionType(graphene.ObjectType):
    class Meta:
        name = "PolicyDecision"
        description = "The policy that decided a permission check."

    name = graphene.String(required=True)
    effect = graphene.String(required=True, description='"allow" or "deny".')
    priority = graphene.Int(required=True)
    reason = graphene.String(required=True)


class PermissionExplanationType(graphene.ObjectType):
    class Meta:
        name = "PermissionExplanation"
        description = "Whether a user holds a permission, and why."

    allowed = graphene.Boolean(required=True)
    reason = graphene.String(required=True)
    permission = graphene.String(required=True)
    operation = graphene.String()
    roles = graphene.List(graphene.NonNull(graphene.String), required=True)
    policy_decision = graphene.Field(PolicyDecisionType)


def require_security_admin(user: Any, runtime: SchemaRuntime | None = None) -> None:
    """Raise unless ``user`` may manage roles (``runtime``: the schema asking)."""
    if not getattr(user, "is_authenticated", False):
        raise RailError(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED)
    role_manager.grants(user, runtime=runtime)  # under the schema's permission-cache settings
    if not (is_superuser(user) or role_manager.has_permission(user, ADMIN_PERMISSION)):
        raise RailError(
            gettext("Only security administrators may do this."), ErrorCode.PERMISSION_DENIED
        )


def _model(label: str) -> type[Model]:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        raise RailError(
            gettext("Unknown model %(label)r; give it as 'app_label.Model'.") % {"label": label},
            ErrorCode.INVALID_ARGUMENT,
        ) from None


def _object(asker: Any, model: type[Model], object_id: Any, runtime: SchemaRuntime | None) -> Model:
    missing = RailError(
        gettext("No %(model)s with id %(id)r.") % {"model": model._meta.label, "id": object_id},
        ErrorCode.NOT_FOUND,
    )
    try:
        pk = model._meta.pk.to_python(object_id)
    except (ValidationError, TypeError, ValueError):
        raise missing from None
    backend = get_permission_backend()
    if not backend.check_operation(asker, model, "view", runtime=runtime).allowed:
        raise missing
    rows = backend.scope_queryset(
        asker, model._default_manager.filter(pk=pk), "view", runtime=runtime
    )
    obj = rows.first()
    if obj is None:
        raise missing
    return obj


def _target_user(asker: Any, user_id: Any, runtime: SchemaRuntime | None) -> Any:
    if user_id is None:
        return asker
    require_security_admin(asker, runtime)
    from django.contrib.auth import get_user_model

    model = get_user_model()
    try:
        return model._default_manager.get(pk=model._meta.pk.to_python(user_id))
    except (model.DoesNotExist, ValidationError, TypeError, ValueError):
        raise RailError(
            gettext("No user with id %(id)r.") % {"id": user_id}, ErrorCode.NOT_FOUND
        ) from None


def _operation(permission: str, field_name: str | None) -> str:
    if field_name:
        return "read"
    base, _ = split_context(permission)
    codename = base.rpartition(".")[2]
    return normalize_operation(codename.split("_", 1)[0] or "view")


def resolve_explain_permission(
    root: Any,
    info: Any,
    permission: str,
    model_name: str | None = None,
    object_id: Any = None,
    field_name: str | None = None,
    user_id: Any = None,
    *,
    runtime: SchemaRuntime | None = None,
) -> dict[str, Any]:
    asker = getattr(info.context, "user", None)
    if not getattr(asker, "is_authenticated", False):
        raise RailError(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED)
    if not permission.strip():
        raise RailError(gettext("permission must not be empty."), ErrorCode.INVALID_ARGUMENT)
    user = _target_user(asker, user_id, runtime)
    role_manager.grants(user, runtime=runtime)  # under the schema's permission-cache settings
    model = _model(model_name) if model_name else None
    if object_id is not None and model is None:
        raise RailError(gettext("objectId needs modelName."), ErrorCode.INVALID_ARGUMENT)
    obj = None
    if model is not None and object_id is not None:
        obj = _object(asker, model, object_id, runtime)
    operation = _operation(permission, field_name)
    options = security_options(runtime)
    policies = options.get("enable_authorization", True) and options.get(
        "enable_policy_engine", True
    )
    decision = None
    if policies and model is not None and not is_superuser(user):
        decision = policy_manager.evaluate(
            user, model, operation, field_name=field_name or None, obj=obj
        )
    if is_superuser(user):
        allowed, reason = True, gettext("Granted: the user is an active superuser.")
    elif decision is not None:
        allowed, reason = decision.allowed, decision.reason
    else:
        allowed, reason = role_manager.explain(user, permission, PermissionContext(user, obj))
    return {
        "allowed": allowed,
        "reason": reason,
        "permission": permission,
        "operation": operation,
        "roles": role_manager.get_user_roles(user),
        "policy_decision": None
        if decision is None
        else {
            "name": decision.name,
            "effect": str(decision.effect),
            "priority": decision.priority,
            "reason": decision.reason,
        },
    }


def explain_query_fields(context: SchemaBuildContext) -> dict[str, Any]:
    """``explainPermission`` for every schema (a ``QUERY_FIELDS`` contribution)."""
    return {
        "explain_permission": graphene.Field(
            PermissionExplanationType,
            permission=graphene.String(required=True),
            model_name=graphene.String(description='"app_label.Model".'),
            object_id=graphene.ID(),
            field_name=graphene.String(description="Explain reading this field of the model."),
            user_id=graphene.ID(description="Another user (security administrators only)."),
            resolver=partial(resolve_explain_permission, runtime=context.runtime),
            description="Why a permission is granted or refused, and which policy decided.",
        )
    }

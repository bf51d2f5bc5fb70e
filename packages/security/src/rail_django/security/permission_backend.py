"""``RbacPermissionBackend``: the contracts' permission backend with roles, policies, object
scopes and field rules. Installed from the security app's ``AppConfig.ready()``.

Order of a model operation decision (``check_operation``):

1. anonymous users are refused (``UNAUTHENTICATED``); with ``enable_authorization`` off the
   decision is Django's model permissions only;
2. active superusers are allowed;
3. policies (``enable_policy_engine``): the deciding policy's effect is the answer;
4. ``access.operations.<op>.roles``: the user must hold one of the roles;
5. the model permission (``store.change_product``) held as a Django permission or through a
   role; or, with an object, ``..._own`` / ``..._assigned`` on a row the user owns / is
   assigned; without an object, holding a contextual variant allows the operation on the rows
   ``scope_queryset`` leaves (only when the model declares the matching field).

Rows (``scope_queryset``, with ``enable_object_permissions``): a user without the plain
permission sees only the rows their ``_own`` / ``_assigned`` permissions reach; access guards
then narrow every non-superuser. Fields (``field_read`` / ``field_write``, with
``enable_field_permissions``): policies first, then the model's field rules.

Every method is told which schema asks (``runtime``) and reads that schema's merged
``security_settings`` (:func:`security_options`); the user's role grants are loaded under the
same schema's permission-cache settings. ``runtime=None`` (plain Python) reads the global level.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext

from rail_django.contracts.audit import AuditEvent, AuditOutcome, record_audit_event
from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.permissions import (
    ALLOWED,
    DEFAULT_CODENAMES,
    VISIBLE,
    DjangoModelPermissionBackend,
    FieldDecision,
    FieldInputMode,
    FieldRules,
    FieldVisibility,
    Operation,
    PermissionDecision,
)
from rail_django.contracts.settings_registry import settings_registry
from rail_django.security.access_rules import AccessRules, access_rules, normalize_operation
from rail_django.security.policies.access_policy import PolicyEffect
from rail_django.security.policies.policy_manager import policy_manager
from rail_django.security.rbac.ownership import object_reaches, relation_q
from rail_django.security.rbac.permission_names import ASSIGNED_SUFFIX, OWN_SUFFIX
from rail_django.security.rbac.role_manager import role_manager

if TYPE_CHECKING:
    from rail_django.contracts.schema_runtime import SchemaRuntime

_HIDDEN = FieldDecision(FieldVisibility.HIDDEN)
_VISIBILITY_RANK = {
    FieldVisibility.HIDDEN: 0,
    FieldVisibility.MASKED: 1,
    FieldVisibility.VISIBLE: 2,
}


def security_options(runtime: SchemaRuntime | None = None) -> Mapping[str, Any]:
    """The ``security_settings`` of the schema that asks (``runtime``), else the global level."""
    if runtime is not None:
        return runtime.section("security_settings")
    return settings_registry.resolve(None).sections.get("security_settings", {})


def field_rules_on(options: Mapping[str, Any]) -> bool:
    """Do field rules act under these ``security_settings``?"""
    return bool(
        options.get("enable_authorization", True) and options.get("enable_field_permissions", True)
    )


def is_superuser(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_superuser", False)
    )


def _authenticated(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


class RbacPermissionBackend:
    """Roles + policies + Django permissions; object scopes; field visibility."""

    def __init__(self) -> None:
        self._django = DjangoModelPermissionBackend()

    # -- operations ----------------------------------------------------------------------------
    def check_operation(
        self,
        user: Any,
        model: type[Model],
        operation: str,
        *,
        obj: Model | None = None,
        codename: str | None = None,
        runtime: SchemaRuntime | None = None,
    ) -> PermissionDecision:
        options = security_options(runtime)
        if not options.get("enable_authorization", True):
            return self._django.check_operation(user, model, operation, obj=obj, codename=codename)
        decision, via = self._decide(user, model, operation, obj, codename, options, runtime)
        if options.get("enable_permission_audit", False):
            _audit(user, model, operation, obj, decision, via, options, runtime)
        return decision

    def _decide(
        self,
        user: Any,
        model: type[Model],
        operation: str,
        obj: Model | None,
        codename: str | None,
        options: Mapping[str, Any],
        runtime: SchemaRuntime | None,
    ) -> tuple[PermissionDecision, str]:
        if not _authenticated(user):
            return (
                PermissionDecision(
                    False, gettext("Authentication required."), ErrorCode.UNAUTHENTICATED
                ),
                "anonymous",
            )
        if is_superuser(user):
            return ALLOWED, "superuser"
        _load_grants(user, runtime)
        op = normalize_operation(operation)
        if options.get("enable_policy_engine", True):
            policy = policy_manager.evaluate(user, model, op, obj=obj)
            if policy is not None:
                if policy.effect == PolicyEffect.ALLOW:
                    return ALLOWED, f"policy {policy.name}"
                return _refusal(model, op), f"policy {policy.name}"
        rules = access_rules(model)
        required_roles = rules.operation_roles.get(op)
        if required_roles and not role_manager.has_role(user, *required_roles):
            return _refusal(model, op), "operation roles"
        permission = _permission(model, op, codename)
        if role_manager.granting_source(user, permission) is not None:
            if obj is not None and not self._object_in_scope(user, obj, op, rules, options):
                return _refusal(model, op), "access guard"
            return ALLOWED, permission
        for suffix, path in (
            (OWN_SUFFIX, rules.owner_field),
            (ASSIGNED_SUFFIX, rules.assigned_field),
        ):
            if not path or role_manager.granting_source(user, permission + suffix) is None:
                continue
            if obj is None:
                return ALLOWED, permission + suffix
            if object_reaches(obj, path, user) and self._object_in_scope(
                user, obj, op, rules, options
            ):
                return ALLOWED, permission + suffix
        return _refusal(model, op), "no permission"

    def _object_in_scope(
        self, user: Any, obj: Model, op: str, rules: AccessRules, options: Mapping[str, Any]
    ) -> bool:
        guards = rules.guards_for(op)
        if not guards or not options.get("enable_object_permissions", True):
            return True
        condition = _guard_condition(user, op, guards)
        if condition is None:
            return True
        if condition is False:
            return False
        return type(obj)._default_manager.filter(Q(pk=obj.pk) & condition).exists()

    # -- rows ----------------------------------------------------------------------------------
    def scopes_rows(self, model: type[Model], *, runtime: SchemaRuntime | None = None) -> bool:
        """Does this backend ever narrow ``model``'s rows? (Lets relation hops skip a query.)"""
        if type(self).scope_queryset is not RbacPermissionBackend.scope_queryset:
            return True  # a subclass scoping its own way: never skip it (fail safe)
        options = security_options(runtime)
        if not (
            options.get("enable_authorization", True)
            and options.get("enable_object_permissions", True)
        ):
            return False
        return access_rules(model).scopes_rows

    def scope_queryset(
        self,
        user: Any,
        queryset: QuerySet[Any],
        operation: str = Operation.VIEW,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> QuerySet[Any]:
        model = queryset.model
        if not self.scopes_rows(model, runtime=runtime) or is_superuser(user):
            return queryset
        options = security_options(runtime)
        _load_grants(user, runtime)
        rules = access_rules(model)
        op = normalize_operation(operation)
        condition: Any = None  # None: no restriction so far
        if rules.owner_field or rules.assigned_field:
            permission = _permission(model, op, None)
            if not self._holds_outright(user, model, op, permission, options):
                condition = self._contextual_condition(user, permission, rules)
        guards = _guard_condition(user, op, rules.guards_for(op))
        if guards is False or condition is False:
            return queryset.none()
        for part in (condition, guards):
            if part is not None:
                queryset = queryset.filter(part)
        return queryset

    def _holds_outright(
        self, user: Any, model: type[Model], op: str, permission: str, options: Mapping[str, Any]
    ) -> bool:
        """May ``user`` reach every row (guards aside)? An allow policy counts, a deny does not."""
        if not _authenticated(user):
            return False
        if options.get("enable_policy_engine", True):
            policy = policy_manager.evaluate(user, model, op)
            if policy is not None:
                return policy.effect == PolicyEffect.ALLOW
        return role_manager.granting_source(user, permission) is not None

    def _contextual_condition(self, user: Any, permission: str, rules: AccessRules) -> Any:
        if not _authenticated(user):
            return False
        parts = []
        for suffix, path in (
            (OWN_SUFFIX, rules.owner_field),
            (ASSIGNED_SUFFIX, rules.assigned_field),
        ):
            if path and role_manager.granting_source(user, permission + suffix):
                parts.append(relation_q(path, user))
        if not parts:
            return False
        combined = parts[0]
        for part in parts[1:]:
            combined |= part
        return combined

    # -- fields --------------------------------------------------------------------------------
    def field_rules(
        self, model: type[Model], field_name: str, *, runtime: SchemaRuntime | None = None
    ) -> FieldRules:
        """A field is ruled on when field rules act in the schema and a ``GraphQLMeta`` /
        ``meta.yaml`` field rule or a policy targets it."""
        base = self._meta_field_rules(model, field_name, runtime)
        # A subclass ruling on fields its own way is asked for every field (fail safe).
        cls = type(self)
        return FieldRules(
            read=base.read or cls.field_read is not RbacPermissionBackend.field_read,
            write=base.write or cls.field_write is not RbacPermissionBackend.field_write,
        )

    def _meta_field_rules(
        self, model: type[Model], field_name: str, runtime: SchemaRuntime | None
    ) -> FieldRules:
        options = security_options(runtime)
        if not field_rules_on(options):
            return FieldRules()
        if access_rules(model).field_rules.get(field_name):
            return FieldRules(read=True, write=True)
        policies = options.get("enable_policy_engine", True)
        return FieldRules(
            read=bool(policies and policy_manager.candidates(model, field_name, "read")),
            write=bool(policies and policy_manager.candidates(model, field_name, "write")),
        )

    def field_read(
        self,
        user: Any,
        model: type[Model],
        field_name: str,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> FieldDecision:
        options = security_options(runtime)
        if not field_rules_on(options):
            return VISIBLE
        return self.field_decision(user, model, field_name, options, runtime=runtime)

    def field_decision(
        self,
        user: Any,
        model: type[Model],
        field_name: str,
        options: Mapping[str, Any],
        *,
        runtime: SchemaRuntime | None = None,
    ) -> FieldDecision:
        """How ``user`` reads the field (settings already checked by the caller)."""
        if is_superuser(user):
            return VISIBLE
        _load_grants(user, runtime)
        if options.get("enable_policy_engine", True):
            policy = policy_manager.evaluate(user, model, "read", field_name=field_name)
            if policy is not None:
                return VISIBLE if policy.effect == PolicyEffect.ALLOW else _HIDDEN
        rules = access_rules(model).field_rules.get(field_name)
        if not rules:
            return VISIBLE
        best = _HIDDEN  # a field with rules is hidden from whoever no rule names
        for rule in rules:
            if rule.roles and not role_manager.has_role(user, *rule.roles):
                continue
            if not rule.roles and not _authenticated(user):
                continue
            if _VISIBILITY_RANK[rule.visibility] > _VISIBILITY_RANK[best.visibility]:
                best = FieldDecision(rule.visibility, rule.mask_value)
        return best

    def field_write(
        self,
        user: Any,
        model: type[Model],
        field_name: str,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> bool:
        options = security_options(runtime)
        if not field_rules_on(options):
            return True
        if is_superuser(user):
            return True
        _load_grants(user, runtime)
        if options.get("enable_policy_engine", True):
            policy = policy_manager.evaluate(user, model, "write", field_name=field_name)
            if policy is not None:
                return policy.effect == PolicyEffect.ALLOW
        rules = access_rules(model).field_rules.get(field_name)
        if not rules:
            return True
        return any(
            rule.writable
            and (role_manager.has_role(user, *rule.roles) if rule.roles else _authenticated(user))
            for rule in rules
        )

    def field_input_mode(self, *, runtime: SchemaRuntime | None = None) -> FieldInputMode:
        """``security_settings.field_permission_input_mode`` of the schema being written."""
        options = security_options(runtime)
        return FieldInputMode(options.get("field_permission_input_mode", FieldInputMode.REJECT))


def _load_grants(user: Any, runtime: SchemaRuntime | None) -> None:
    """Load ``user``'s grants under the schema's permission-cache settings: the role manager
    memoises them on the user, so every role and policy check of this request reads them."""
    if _authenticated(user):
        role_manager.grants(user, runtime=runtime)


def _permission(model: type[Model], op: str, codename: str | None) -> str:
    action = codename or DEFAULT_CODENAMES.get(op, op)
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def _refusal(model: type[Model], op: str) -> PermissionDecision:
    plural = model._meta.verbose_name_plural
    return PermissionDecision(
        False,
        gettext("You do not have permission to %(operation)s %(models)s.")
        % {"operation": op, "models": plural},
        ErrorCode.PERMISSION_DENIED,
    )


def _guard_condition(user: Any, op: str, guards: tuple[Any, ...]) -> Any:
    """``None`` (no restriction), ``False`` (nothing), or the ``Q`` every guard asks for."""
    combined: Any = None
    for guard in guards:
        answer = guard(user, op)
        if answer is True or answer is None:
            continue
        if answer is False:
            return False
        combined = answer if combined is None else combined & answer
    return combined


def _audit(
    user: Any,
    model: type[Model],
    operation: str,
    obj: Model | None,
    decision: PermissionDecision,
    via: str,
    options: Mapping[str, Any],
    runtime: SchemaRuntime | None,
) -> None:
    if decision.allowed and not options.get("permission_audit_log_all", False):
        return
    if not decision.allowed and not (
        options.get("permission_audit_log_denies", True)
        or options.get("permission_audit_log_all", False)
    ):
        return
    record_audit_event(
        AuditEvent(
            action="permission.granted" if decision.allowed else "permission.denied",
            outcome=AuditOutcome.SUCCESS if decision.allowed else AuditOutcome.DENIED,
            actor_id=getattr(user, "pk", None),
            target=model._meta.label,
            target_id=getattr(obj, "pk", None),
            details={
                "operation": str(operation),
                "decided_by": via,
                "schema": runtime.name if runtime is not None else None,
            },
        )
    )

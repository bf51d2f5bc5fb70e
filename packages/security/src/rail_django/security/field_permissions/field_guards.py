"""Field guards compiled per type at schema build (``ContributionKind.FIELD_GUARDS``).

At build time a field gets a guard only when something can rule on it: a field rule in the
model's ``GraphQLMeta`` / ``meta.yaml`` or a policy that targets the field. Every other field
keeps its plain resolver and costs nothing per request. A guarded field decides once per request
(memoised on the request) and then serves the value, its mask, or null for every row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from rail_django.contracts.build_context import SchemaBuildContext
from rail_django.contracts.permissions import FieldVisibility
from rail_django.security.access_rules import access_rules
from rail_django.security.policies.policy_manager import policy_manager

_MEMO = "_rail_django_field_decisions"


def _options(settings: Any) -> Mapping[str, Any]:
    return settings.sections.get("security_settings", {})


def field_rules_apply(model: type[Model], field_name: str, options: Mapping[str, Any]) -> bool:
    """Can any rule or policy change how ``model.field_name`` is read under ``options``?"""
    if not (
        options.get("enable_authorization", True) and options.get("enable_field_permissions", True)
    ):
        return False
    if access_rules(model).field_rules.get(field_name):
        return True
    return bool(
        options.get("enable_policy_engine", True)
        and policy_manager.candidates(model, field_name, "read")
    )


def field_guard_provider(context: SchemaBuildContext, model: type[Model], field_name: str) -> Any:
    """The guard of ``model.field_name`` in this schema, or ``None`` when nothing rules on it."""
    options = dict(_options(context.settings))
    # The guide enforces field rules in a Graphene middleware; the guards replace it (no per
    # field middleware runs), and its switch still turns field enforcement off.
    middleware = context.settings.sections.get("middleware_settings", {})
    if not middleware.get("enable_field_permission_middleware", True):
        return None
    if not field_rules_apply(model, field_name, options):
        return None
    from rail_django.security.permission_backend import RbacPermissionBackend

    decide = RbacPermissionBackend().field_decision
    key = (model, field_name)
    # The decision of the request served last, as one (request, decision) tuple: replacing a
    # tuple is atomic, so a thread never pairs one request with another's decision. Rows of the
    # same request (the common case) then cost one identity test.
    last: list[tuple[Any, Any]] = [(None, None)]

    def guard(root: Any, info: Any, value: Any) -> Any:
        request = info.context
        seen, decision = last[0]
        if seen is not request:
            decision = _decision(request, key, decide, options)
            last[0] = (request, decision)
        if decision.visibility == FieldVisibility.VISIBLE:
            return value
        if decision.visibility == FieldVisibility.MASKED:
            return decision.mask_value
        return None

    return guard


def _decision(request: Any, key: tuple[Any, str], decide: Any, options: Any) -> Any:
    memo = getattr(request, _MEMO, None)
    if memo is None:
        memo = {}
        with contextlib.suppress(AttributeError):
            setattr(request, _MEMO, memo)
    decision = memo.get(key)
    if decision is None:
        decision = decide(getattr(request, "user", None), key[0], key[1], options)
        memo[key] = decision
    return decision

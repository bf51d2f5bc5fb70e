"""``policy_manager``: the registered policies and the decision for one request.

What does not depend on the user (model, field, operation, classifications) is matched once and
memoised, so a request only walks the few policies that can apply.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext

from rail_django.security.policies.access_policy import (
    AccessPolicy,
    PolicyDecision,
    PolicyEffect,
    PolicyRequest,
)


def classifications_of(model: type[Model] | None, field_name: str | None) -> frozenset[str]:
    """The model's classification tags, plus the field's when ``field_name`` is given."""
    if model is None:
        return frozenset()
    from rail_django.core.meta import get_model_meta

    tags = get_model_meta(model).classifications
    found = set(tags.model)
    if field_name is not None:
        found.update(tags.fields.get(field_name, ()))
    return frozenset(found)


class PolicyManager:
    """Holds policies by name (use :data:`policy_manager`)."""

    def __init__(self) -> None:
        self._policies: dict[str, AccessPolicy] = {}
        self._candidates: dict[tuple[Any, ...], tuple[AccessPolicy, ...]] = {}
        self._lock = threading.Lock()

    def register_policy(self, policy: AccessPolicy) -> AccessPolicy:
        """Add ``policy`` (a policy of the same name is replaced). Built schemas are dropped so
        field guards are compiled again with it."""
        with self._lock:
            self._policies[policy.name] = policy
            self._candidates.clear()
        _schemas_changed()
        return policy

    def unregister_policy(self, name: str) -> None:
        with self._lock:
            self._policies.pop(name, None)
            self._candidates.clear()
        _schemas_changed()

    def clear(self) -> None:
        """Forget every policy (tests)."""
        with self._lock:
            self._policies.clear()
            self._candidates.clear()
        _schemas_changed()

    def policies(self) -> tuple[AccessPolicy, ...]:
        return tuple(self._policies.values())

    def candidates(
        self, model: type[Model] | None, field_name: str | None, operation: str
    ) -> tuple[AccessPolicy, ...]:
        """The policies that may apply whoever asks, highest priority first, deny before allow."""
        key = (model, field_name, operation)
        found = self._candidates.get(key)
        if found is not None:
            return found
        tags = classifications_of(model, field_name)
        matching = [
            p
            for p in self._policies.values()
            if p.matches_target(model, field_name, operation, tags)
        ]
        matching.sort(key=lambda p: (-p.priority, p.effect != PolicyEffect.DENY, p.name))
        found = tuple(matching)
        self._candidates[key] = found
        return found

    def evaluate(
        self,
        user: Any,
        model: type[Model] | None,
        operation: str,
        *,
        field_name: str | None = None,
        obj: Model | None = None,
    ) -> PolicyDecision | None:
        """The deciding policy for this request, or ``None`` when no policy applies."""
        candidates = self.candidates(model, field_name, operation)
        if not candidates:
            return None
        from rail_django.security.rbac.role_manager import role_manager

        request = PolicyRequest(
            user=user,
            model=model,
            operation=operation,
            field=field_name,
            classifications=classifications_of(model, field_name),
            obj=obj,
            roles=role_manager.grants(user).roles,
        )
        for policy in candidates:  # sorted: the first match decides
            if policy.matches_user(request):
                if policy.effect == PolicyEffect.ALLOW:
                    default = gettext("Allowed by policy %(name)r.")
                else:
                    default = gettext("Denied by policy %(name)r.")
                reason = policy.reason or default % {"name": policy.name}
                return PolicyDecision(policy.name, policy.effect, policy.priority, reason)
        return None


def _schemas_changed() -> None:
    try:
        from rail_django.core import schema_registry
    except ImportError:  # pragma: no cover - core is a declared dependency
        return
    schema_registry.invalidate()


#: The process-wide policy manager.
policy_manager = PolicyManager()

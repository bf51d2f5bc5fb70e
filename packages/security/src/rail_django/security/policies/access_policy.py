"""``AccessPolicy``: one explicit allow or deny rule, and what it is matched against.

A policy matches a request when every criterion it sets matches (an unset criterion matches
anything): the user holds one of ``roles``; the model's label (``store.Product``) matches one of
``models`` (globs: ``store.*``); the field matches one of ``fields`` (globs: ``*token*``); the
operation is one of ``operations``; the model's or field's classification tags
(``GraphQLMeta.Classification``) meet ``classifications``; ``condition(request)`` is true.

Scope: a policy naming ``fields`` rules on fields only; one naming neither ``fields`` nor
``classifications`` rules on whole-model operations only; one naming ``classifications`` but no
``fields`` rules on both (a ``pii`` model and its ``pii`` fields).

Operations: models are ``view`` / ``create`` / ``update`` / ``delete``, fields ``read`` /
``write``. A policy's ``read`` (or ``view``, ``list``, ``retrieve``) covers model views and field
reads; ``write`` covers field writes and model creates, updates and deletes; ``create`` and
``update`` also cover field writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fnmatch import fnmatchcase
from typing import Any

from django.db.models import Model


class PolicyEffect(StrEnum):
    ALLOW = "allow"
    DENY = "deny"


_OPERATIONS = {
    "read": {"view", "read"},
    "view": {"view", "read"},
    "list": {"view", "read"},
    "retrieve": {"view", "read"},
    "write": {"write", "create", "update", "delete"},
    "create": {"create", "write"},
    "add": {"create", "write"},
    "update": {"update", "write"},
    "change": {"update", "write"},
    "delete": {"delete"},
}


@dataclass(frozen=True)
class PolicyRequest:
    """What a policy is asked about. ``field`` is ``None`` for a whole-model operation."""

    user: Any
    model: type[Model] | None
    operation: str
    field: str | None = None
    classifications: frozenset[str] = frozenset()
    obj: Model | None = None
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AccessPolicy:
    """An explicit allow/deny rule. Higher ``priority`` wins; at equal priority, deny wins."""

    name: str
    effect: PolicyEffect
    priority: int = 0
    roles: Sequence[str] | None = None
    models: Sequence[str] | None = None
    fields: Sequence[str] | None = None
    operations: Sequence[str] | None = None
    classifications: Sequence[str] | None = None
    condition: Callable[[PolicyRequest], bool] | None = field(default=None, compare=False)
    reason: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "effect", PolicyEffect(self.effect))
        for key in ("roles", "models", "fields", "operations", "classifications"):
            value = getattr(self, key)
            if isinstance(value, str):
                raise TypeError(f"AccessPolicy.{key} must be a list, not a string")
            if value is not None:
                object.__setattr__(self, key, tuple(value))
        unknown = [op for op in self.operations or () if op not in _OPERATIONS]
        if unknown:
            raise ValueError(f"AccessPolicy {self.name!r}: unknown operation(s) {unknown}")

    # -- static part: decided once per (model, field, operation) -------------------------------
    @property
    def rules_on_fields(self) -> bool:
        return self.fields is not None or self.classifications is not None

    @property
    def rules_on_models(self) -> bool:
        return self.fields is None

    def matches_target(
        self,
        model: type[Model] | None,
        field_name: str | None,
        operation: str,
        classifications: frozenset[str],
    ) -> bool:
        """Does everything but the user (roles, condition) match?"""
        if field_name is None and not self.rules_on_models:
            return False
        if field_name is not None and not self.rules_on_fields:
            return False
        if self.operations is not None and not any(
            operation in _OPERATIONS[op] for op in self.operations
        ):
            return False
        if self.models is not None and not _model_matches(model, self.models):
            return False
        if self.fields is not None and not any(
            fnmatchcase(field_name or "", pattern) for pattern in self.fields
        ):
            return False
        return self.classifications is None or bool(classifications & set(self.classifications))

    # -- dynamic part: per user ----------------------------------------------------------------
    def matches_user(self, request: PolicyRequest) -> bool:
        if self.roles is not None and not (request.roles & set(self.roles)):
            return False
        return self.condition is None or bool(self.condition(request))


def _model_matches(model: type[Model] | None, patterns: Sequence[str]) -> bool:
    if model is None:
        return False
    names = (model._meta.label, model._meta.label_lower, model.__name__)
    return any(fnmatchcase(name, pattern) for pattern in patterns for name in names)


@dataclass(frozen=True)
class PolicyDecision:
    """The policy that decided, as the explain API shows it."""

    name: str
    effect: PolicyEffect
    priority: int
    reason: str

    @property
    def allowed(self) -> bool:
        return self.effect == PolicyEffect.ALLOW

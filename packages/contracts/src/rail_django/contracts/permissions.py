"""The permission backend contract and its default, Django's model permissions.

Every consumer (list and retrieve fields, nested relations, mutations, export, reporting,
subscriptions) asks the active backend, so one decision applies everywhere. Core runs with
:class:`DjangoModelPermissionBackend`; the security package installs RBAC + policies into
:data:`permission_backend`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from django.db.models import Model, QuerySet

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.queryset_pipeline import Phase, QueryRequest, queryset_pipeline
from rail_django.contracts.service_slot import ServiceSlot


class Operation(StrEnum):
    """What a user wants to do with a model."""

    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


#: Django's default permission codename of each operation.
DEFAULT_CODENAMES: dict[str, str] = {
    Operation.VIEW: "view",
    Operation.CREATE: "add",
    Operation.UPDATE: "change",
    Operation.DELETE: "delete",
}


class FieldVisibility(StrEnum):
    """How a field is served to a user."""

    VISIBLE = "visible"
    MASKED = "masked"
    HIDDEN = "hidden"


class FieldInputMode(StrEnum):
    """What a write does with an input field the user may not write."""

    REJECT = "reject"  # the mutation fails with an error naming the field
    STRIP = "strip"  # the field is dropped from the input; the rest is written


@dataclass(frozen=True)
class PermissionDecision:
    """The answer to "may this user do this?", with a reason safe to show the user."""

    allowed: bool
    reason: str = ""
    code: ErrorCode | None = None

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class FieldDecision:
    """How one field is read by one user: visible, masked (served as ``mask_value``) or hidden."""

    visibility: FieldVisibility = FieldVisibility.VISIBLE
    mask_value: Any = None


ALLOWED = PermissionDecision(True)
VISIBLE = FieldDecision()


@runtime_checkable
class PermissionBackend(Protocol):
    """Decides operations, scopes querysets and rules on fields."""

    def check_operation(
        self,
        user: Any,
        model: type[Model],
        operation: str,
        *,
        obj: Model | None = None,
        codename: str | None = None,
    ) -> PermissionDecision:
        """May ``user`` perform ``operation`` on ``model`` (on ``obj``, when given)?
        ``codename`` overrides the permission codename the operation maps to."""
        ...

    def scope_queryset(
        self, user: Any, queryset: QuerySet[Any], operation: str = Operation.VIEW
    ) -> QuerySet[Any]:
        """Narrow ``queryset`` to the rows ``user`` may see (object-level permissions)."""
        ...

    def field_read(self, user: Any, model: type[Model], field_name: str) -> FieldDecision:
        """How ``user`` sees ``model.field_name``."""
        ...

    def field_write(self, user: Any, model: type[Model], field_name: str) -> bool:
        """May ``user`` write ``model.field_name``?"""
        ...

    def field_input_mode(self, schema_name: str | None) -> FieldInputMode:
        """What writes in ``schema_name`` do with an input field :meth:`field_write` refuses."""
        ...


class DjangoModelPermissionBackend:
    """Django's own model permissions (``app_label.<codename>_<model_name>``).

    No object-level scoping and no field rules: every row and field of a model the user may view
    is visible. Anonymous users hold no permission.
    """

    def check_operation(
        self,
        user: Any,
        model: type[Model],
        operation: str,
        *,
        obj: Model | None = None,
        codename: str | None = None,
    ) -> PermissionDecision:
        if user is None or not getattr(user, "is_authenticated", False):
            return PermissionDecision(False, "Authentication required.", ErrorCode.UNAUTHENTICATED)
        action = codename or DEFAULT_CODENAMES.get(operation, str(operation))
        opts = model._meta
        # Proxy models carry their own permissions in Django; check the concrete model's too.
        candidates = {f"{opts.app_label}.{action}_{opts.model_name}"}
        if opts.proxy and opts.concrete_model is not None:
            concrete = opts.concrete_model._meta
            candidates.add(f"{concrete.app_label}.{action}_{concrete.model_name}")
        if any(user.has_perm(perm) for perm in sorted(candidates)):
            return ALLOWED
        return PermissionDecision(
            False,
            f"You do not have permission to {operation} {opts.verbose_name_plural}.",
            ErrorCode.PERMISSION_DENIED,
        )

    def scope_queryset(
        self, user: Any, queryset: QuerySet[Any], operation: str = Operation.VIEW
    ) -> QuerySet[Any]:
        return queryset

    def field_read(self, user: Any, model: type[Model], field_name: str) -> FieldDecision:
        return VISIBLE

    def field_write(self, user: Any, model: type[Model], field_name: str) -> bool:
        return True

    def field_input_mode(self, schema_name: str | None) -> FieldInputMode:
        return FieldInputMode.REJECT


#: The active permission backend.
permission_backend: ServiceSlot[PermissionBackend] = ServiceSlot(
    "permission backend", DjangoModelPermissionBackend
)


def get_permission_backend() -> PermissionBackend:
    """The active permission backend."""
    return permission_backend.get()


class PermissionScopeStep:
    """Pipeline step: narrow every queryset to what the user may see, before anything else."""

    name = "permission_scope"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        return get_permission_backend().scope_queryset(request.user, queryset, request.operation)


def register_default_steps() -> None:
    """Called by the contracts app: scoping is part of every pipeline run."""
    queryset_pipeline.register(PermissionScopeStep(), Phase.SCOPE)

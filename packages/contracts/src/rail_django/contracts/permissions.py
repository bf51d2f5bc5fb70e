"""The permission backend contract and its default, Django's model permissions.

Every consumer (list and retrieve fields, nested relations, mutations, export, reporting,
subscriptions) asks the active backend, so one decision applies everywhere. Core runs with
:class:`DjangoModelPermissionBackend`; the security package installs RBAC + policies into
:data:`permission_backend`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.db.models import Model, QuerySet

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.queryset_pipeline import Phase, QueryRequest, queryset_pipeline
from rail_django.contracts.service_slot import ServiceSlot

if TYPE_CHECKING:
    from rail_django.contracts.schema_runtime import SchemaRuntime


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


@dataclass(frozen=True)
class FieldRules:
    """What a backend may rule on one field, decided without a user (at schema build).

    ``read``: some user may read the field other than visible; ``write``: some user may be
    refused writing it. A field with neither costs nothing per request.
    """

    read: bool = False
    write: bool = False


ALLOWED = PermissionDecision(True)
VISIBLE = FieldDecision()
NO_FIELD_RULES = FieldRules()


@runtime_checkable
class PermissionBackend(Protocol):
    """Decides operations, scopes querysets and rules on fields.

    Every method is told which schema asks (``runtime``, a
    :class:`~rail_django.contracts.schema_runtime.SchemaRuntime`), so per-schema settings act;
    ``runtime=None`` means the global settings level (plain Python callers).
    """

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
        """May ``user`` perform ``operation`` on ``model`` (on ``obj``, when given)?
        ``codename`` overrides the permission codename the operation maps to."""
        ...

    def scopes_rows(self, model: type[Model], *, runtime: SchemaRuntime | None = None) -> bool:
        """Does :meth:`scope_queryset` ever narrow ``model``'s rows? Asked once per model and
        schema; ``False`` lets relation hops and filters skip scoping entirely."""
        ...

    def scope_queryset(
        self,
        user: Any,
        queryset: QuerySet[Any],
        operation: str = Operation.VIEW,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> QuerySet[Any]:
        """Narrow ``queryset`` to the rows ``user`` may see (object-level permissions)."""
        ...

    def field_rules(
        self, model: type[Model], field_name: str, *, runtime: SchemaRuntime | None = None
    ) -> FieldRules:
        """Whether this backend ever rules on reading / writing ``model.field_name`` (asked once
        per field and schema, without a user)."""
        ...

    def field_read(
        self,
        user: Any,
        model: type[Model],
        field_name: str,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> FieldDecision:
        """How ``user`` sees ``model.field_name``."""
        ...

    def field_write(
        self,
        user: Any,
        model: type[Model],
        field_name: str,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> bool:
        """May ``user`` write ``model.field_name``?"""
        ...

    def field_input_mode(self, *, runtime: SchemaRuntime | None = None) -> FieldInputMode:
        """What writes do with an input field :meth:`field_write` refuses."""
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
        runtime: SchemaRuntime | None = None,
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

    def scopes_rows(self, model: type[Model], *, runtime: SchemaRuntime | None = None) -> bool:
        # A subclass that overrides scope_queryset is taken to scope every model (fail safe)
        # unless it also says otherwise by overriding this method.
        return type(self).scope_queryset is not DjangoModelPermissionBackend.scope_queryset

    def scope_queryset(
        self,
        user: Any,
        queryset: QuerySet[Any],
        operation: str = Operation.VIEW,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> QuerySet[Any]:
        return queryset

    def field_rules(
        self, model: type[Model], field_name: str, *, runtime: SchemaRuntime | None = None
    ) -> FieldRules:
        # Likewise a subclass overriding field_read / field_write rules on every field.
        cls = type(self)
        return FieldRules(
            read=cls.field_read is not DjangoModelPermissionBackend.field_read,
            write=cls.field_write is not DjangoModelPermissionBackend.field_write,
        )

    def field_read(
        self,
        user: Any,
        model: type[Model],
        field_name: str,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> FieldDecision:
        return VISIBLE

    def field_write(
        self,
        user: Any,
        model: type[Model],
        field_name: str,
        *,
        runtime: SchemaRuntime | None = None,
    ) -> bool:
        return True

    def field_input_mode(self, *, runtime: SchemaRuntime | None = None) -> FieldInputMode:
        return FieldInputMode.REJECT


#: The active permission backend (an implementation missing a method of the protocol is
#: refused when installed, never probed per call).
permission_backend: ServiceSlot[PermissionBackend] = ServiceSlot(
    "permission backend", DjangoModelPermissionBackend, protocol=PermissionBackend
)


def get_permission_backend() -> PermissionBackend:
    """The active permission backend."""
    return permission_backend.get()


class PermissionScopeStep:
    """Pipeline step: narrow every queryset to what the user may see, before anything else."""

    name = "permission_scope"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        runtime = request.runtime
        if runtime is not None and not runtime.scopes_rows(queryset.model):
            return queryset
        return get_permission_backend().scope_queryset(
            request.user, queryset, request.operation, runtime=runtime
        )


def register_default_steps() -> None:
    """Called by :func:`rail_django.contracts.startup.start`: scoping is part of every run."""
    queryset_pipeline.register(PermissionScopeStep(), Phase.SCOPE)

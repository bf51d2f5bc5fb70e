"""``require_role``: guard a resolver (or a Django view) by role."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.schema_runtime import runtime_of
from rail_django.security.rbac.role_manager import role_manager


def _caller(args: tuple[Any, ...]) -> tuple[Any, bool, Any]:
    """The user of a resolver call ``(root, info, ...)`` or a view call ``(request, ...)``
    (methods too), whether it is a view, and the schema runtime of a resolver call."""
    for arg in args[:2]:
        if isinstance(arg, HttpRequest):
            return getattr(arg, "user", None), True, None
        context = getattr(arg, "context", None)
        if context is not None:
            return getattr(context, "user", None), False, runtime_of(arg)
    raise TypeError("require_role: call with (root, info, ...) or (request, ...)")


def require_role(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let the call through only for users holding one of ``roles`` (inherited roles and roles
    of the user's groups count; active superusers hold every role).

    In a GraphQL resolver a refusal is ``RAIL_GQL_UNAUTHENTICATED`` or
    ``RAIL_GQL_PERMISSION_DENIED``; in a Django view it is Django's ``PermissionDenied`` (403).
    """
    if not roles:
        raise TypeError("require_role needs at least one role name")

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user, is_view, runtime = _caller(args)
            if not getattr(user, "is_authenticated", False):
                if is_view:
                    raise PermissionDenied(gettext("Authentication required."))
                raise RailError(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED)
            if not role_manager.has_role(user, *roles, runtime=runtime):
                message = gettext("This requires the role %(roles)s.") % {
                    "roles": " or ".join(map(repr, roles))
                }
                if is_view:
                    raise PermissionDenied(message)
                raise RailError(message, ErrorCode.PERMISSION_DENIED)
            return func(*args, **kwargs)

        wrapper.required_roles = roles  # type: ignore[attr-defined]
        return wrapper

    return decorate

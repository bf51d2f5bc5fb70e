"""Who may read a model through the generated fields.

``authentication_required`` refuses anonymous users; ``require_model_permissions`` asks the
contracts' permission backend for the ``model_permission_codename`` permission. The decision is
built per model at schema build time and memoised per request, so nested relation fields (one
check per row) cost a dict lookup after the first row.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.db.models import Model

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import get_permission_backend
from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.types.naming import to_camel_case

_MEMO_ATTRIBUTE = "_rail_django_access_memo"


def request_user(info: Any) -> Any:
    """The user of the request behind ``info`` (``None`` when the context carries none)."""
    return getattr(info.context, "user", None)


class ModelAccess:
    """The read rule of one model in one schema."""

    def __init__(
        self,
        model: type[Model],
        settings: ResolvedSettings,
        runtime: Any = None,
        *,
        require_model_permissions: bool | None = None,
    ) -> None:
        query = settings["query_settings"]
        self.model = model
        self.runtime = runtime
        self.authentication_required = bool(settings["schema_settings"]["authentication_required"])
        # ``require_model_permissions`` overrides the schema's setting for this model: a model
        # no allow-listed root field serves keeps its permissions (see ``restricted_models``).
        if require_model_permissions is None:
            require_model_permissions = bool(query["require_model_permissions"])
        self.require_model_permissions = require_model_permissions
        self.codename = query["model_permission_codename"]

    def ensure(self, info: Any) -> Any:
        """Return the request's user, or raise ``RailError`` when it may not read the model."""
        user = request_user(info)
        if not (self.authentication_required or self.require_model_permissions):
            return user
        memo = _memo(info.context)
        refusal = memo.get(self, _UNKNOWN)
        if refusal is _UNKNOWN:
            refusal = self._refusal(user)
            if memo is not None:
                memo[self] = refusal
        if refusal is not None:
            raise RailError(*refusal)
        return user

    def refusal(self, user: Any) -> tuple[str, ErrorCode | str] | None:
        """Why ``user`` may not read the model (message, code), or ``None`` when they may."""
        if not (self.authentication_required or self.require_model_permissions):
            return None
        return self._refusal(user)

    def _refusal(self, user: Any) -> tuple[str, ErrorCode | str] | None:
        if self.authentication_required and not getattr(user, "is_authenticated", False):
            return ("Authentication required.", ErrorCode.UNAUTHENTICATED)
        if self.require_model_permissions:
            decision = get_permission_backend().check_operation(
                user, self.model, "view", codename=self.codename, runtime=self.runtime
            )
            if not decision.allowed:
                message = decision.reason or (
                    f"You do not have permission to view {self.model._meta.verbose_name_plural}."
                )
                return (message, decision.code or ErrorCode.PERMISSION_DENIED)
        return None


_UNKNOWN = object()


def _memo(context: Any) -> dict[Any, Any]:
    """A per-request dict (the request object lives exactly as long as the request)."""
    memo = getattr(context, _MEMO_ATTRIBUTE, None)
    if memo is None:
        memo = {}
        # A context that takes no attributes: decide on every call.
        with contextlib.suppress(AttributeError):
            setattr(context, _MEMO_ATTRIBUTE, memo)
    return memo


def restricted_models(
    models: Any, settings: ResolvedSettings, type_name: Any, root_names: Any
) -> frozenset[type[Model]]:
    """Models that keep model permissions though ``require_model_permissions`` is off.

    A schema with a root ``query_field_allowlist`` means to publish what those fields serve
    (the guide's ``public`` schema: ``["tags"]`` with ``require_model_permissions: False``).
    Models reached only through relations (a tag's books, a book's author) are not published by
    that: they still need the view permission, so ``{ tags { books { price } } }`` is refused
    to anonymous users instead of leaking every related row.
    """
    allowlist = settings["schema_settings"]["query_field_allowlist"]
    if allowlist is None or settings["query_settings"]["require_model_permissions"]:
        return frozenset()
    allowed = {str(name) for name in allowlist}
    public = set()
    for model in models:
        names = root_names(type_name(model))
        if any(name in allowed or to_camel_case(name) in allowed for name in names):
            public.add(model)
    return frozenset(model for model in models if model not in public)

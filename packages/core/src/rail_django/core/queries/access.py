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

_MEMO_ATTRIBUTE = "_rail_django_access_memo"


def request_user(info: Any) -> Any:
    """The user of the request behind ``info`` (``None`` when the context carries none)."""
    return getattr(info.context, "user", None)


class ModelAccess:
    """The read rule of one model in one schema."""

    def __init__(
        self, model: type[Model], settings: ResolvedSettings, runtime: Any = None
    ) -> None:
        query = settings["query_settings"]
        self.model = model
        self.runtime = runtime
        self.authentication_required = bool(settings["schema_settings"]["authentication_required"])
        self.require_model_permissions = bool(query["require_model_permissions"])
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

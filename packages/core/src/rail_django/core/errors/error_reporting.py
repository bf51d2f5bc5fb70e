"""Sending internal errors to Sentry, with what identifies them and nothing a client sent.

Only internal errors are reported (the server's fault); expected errors (validation, permission,
not found, limits) are the client's and would drown the real ones. Each event carries the
``errorId`` the client saw (so a support ticket finds its event), the schema, the operation's
name and type, and the user's id. It never carries the request body, the GraphQL variables (nor
the frames' local variables, which hold them), request headers other than a few harmless ones
(``REPORTED_HEADERS``), or the user's name and email, whatever the project's own
``sentry_sdk.init()`` options send for other events.

sentry-sdk is optional (``pip install rail-django-core[sentry]``); the project calls
``sentry_sdk.init(dsn=...)`` as usual. Without it, or before ``init``, nothing is sent. The
``rail_django.core.errors`` log is kept out of Sentry's logging integration: that log holds the
exception's message (which may quote a connection string or a value) and would send every error a
second time, unscrubbed, and even with the integration off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The only request headers sent to the reporting service: any other may carry a credential
#: (``Authorization``, ``Cookie``, an API key header a project invented).
REPORTED_HEADERS = frozenset({"host", "user-agent", "content-type", "accept", "accept-language"})


@dataclass(frozen=True)
class ErrorContext:
    """What a reported error is about: the schema, the operation, and who asked."""

    schema_name: str | None = None
    operation_name: str | None = None
    operation_type: str | None = None
    user_id: str | None = None

    @classmethod
    def for_request(
        cls,
        request: Any,
        schema_name: str | None,
        operation_name: str | None = None,
        operation_type: str | None = None,
    ) -> ErrorContext:
        """The context of one HTTP (or websocket) operation; ``request.user`` when signed in."""
        user = getattr(request, "user", None)
        user_id = None
        if user is not None and getattr(user, "is_authenticated", False):
            user_id = str(user.pk)
        return cls(schema_name, operation_name, operation_type, user_id)


def sentry_available() -> bool:
    """Whether sentry-sdk is importable (the ``sentry`` extra)."""
    try:
        import sentry_sdk  # noqa: F401
    except ImportError:
        return False
    return True


def keep_error_log_out_of_sentry() -> None:
    """Tell sentry-sdk's logging integration to skip the ``rail_django.core.errors`` logger."""
    try:
        from sentry_sdk.integrations.logging import ignore_logger
    except ImportError:
        return
    ignore_logger("rail_django.core.errors")


def report_internal_error(
    cause: BaseException, error_id: str, context: ErrorContext | None
) -> None:
    """Send ``cause`` to Sentry under ``error_id``; a reporting failure never fails the request."""
    try:
        import sentry_sdk
    except ImportError:
        return
    context = context or ErrorContext()
    try:
        with sentry_sdk.new_scope() as scope:
            scope.set_tag("rail.error_id", error_id)
            if context.schema_name:
                scope.set_tag("rail.schema", context.schema_name)
            if context.operation_type:
                scope.set_tag("rail.operation_type", context.operation_type)
            if context.operation_name:
                scope.set_tag("rail.operation", context.operation_name)
            scope.set_user({"id": context.user_id} if context.user_id else None)
            scope.add_event_processor(_without_client_data)
            sentry_sdk.capture_exception(cause)
    except Exception:  # noqa: BLE001 - reporting is best effort; the client already has its id
        return


def _without_client_data(event: dict[str, Any], hint: Any) -> dict[str, Any]:
    # Integrations (Django's included) attach the request: keep where it went, drop what the
    # client sent, which may hold passwords, tokens and sensitive variables.
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("query_string", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value for name, value in headers.items() if name.lower() in REPORTED_HEADERS
            }
    # Local variables of the frames (sentry-sdk's include_local_variables, on by default) hold
    # the operation's variables and the request: keep the frames, drop their values.
    for value in (event.get("exception") or {}).get("values") or []:
        for frame in (value.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event

"""Turning GraphQL errors into what a client sees: ``{message, locations, path, extensions}``.

Every error carries ``extensions.code``, a stable prefixed code (``RAIL_GQL_NOT_FOUND``). Code
that builds errors puts the bare :class:`~rail_django.contracts.error_codes.ErrorCode` in
``extensions["code"]`` (or raises ``RailError(message, code)``); the prefix is applied here, from
the schema's ``error_handling.error_code_prefix``.

An exception that is not a client error is *internal*: its message may hold SQL, paths or
secrets, so with ``mask_internal_errors`` the client gets a generic message and an ``errorId``,
and the server logs that id with the traceback on the ``rail_django.core.errors`` logger (and
reports it to Sentry when the policy says so, see :mod:`.error_reporting`). With categorization
on, ``extensions.category`` names the code's family (``validation``, ``permission``...).
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils.translation import gettext
from graphql import GraphQLError

from rail_django.contracts.error_categories import category_of
from rail_django.contracts.error_codes import (
    DEFAULT_ERROR_CODE_PREFIX,
    ErrorCode,
    RailError,
    format_error_code,
)
from rail_django.core.errors.error_policy import ErrorPolicy
from rail_django.core.errors.error_reporting import ErrorContext, report_internal_error

logger = logging.getLogger("rail_django.core.errors")

#: The English text; clients read it translated (``gettext`` where it is used).
INTERNAL_ERROR_MESSAGE = "Internal server error."
_ELLIPSIS = "…"


def prefixed_code(code: ErrorCode | str, prefix: str) -> str:
    """``code`` as a client sees it under ``prefix``; an already-prefixed code is re-prefixed."""
    bare = str(code)
    default_prefix = f"{DEFAULT_ERROR_CODE_PREFIX}_"
    if bare.startswith(default_prefix):
        bare = bare[len(default_prefix) :]
    elif prefix and bare.startswith(f"{prefix}_"):
        bare = bare[len(prefix) + 1 :]
    return format_error_code(bare, prefix)


def truncate_message(message: str, limit: int) -> str:
    """Cut ``message`` to ``limit`` characters, ending with an ellipsis when cut."""
    if limit <= 0 or len(message) <= limit:
        return message
    return message[: max(limit - 1, 0)] + _ELLIPSIS


def request_error(message: str, code: ErrorCode | str, policy: ErrorPolicy) -> dict[str, Any]:
    """An error about the HTTP request itself (no document location, no path)."""
    extensions: dict[str, Any] = {"code": prefixed_code(code, policy.prefix)}
    if policy.categorize:
        extensions["category"] = str(category_of(_bare(code, policy.prefix)))
    return {
        "message": truncate_message(message, policy.max_message_length),
        "extensions": extensions,
    }


def _bare(code: ErrorCode | str, prefix: str) -> str:
    # The code without any prefix: categories are declared for bare codes.
    full = prefixed_code(code, prefix)
    return full[len(prefix) + 1 :] if prefix else full


def format_errors(
    errors: Iterable[GraphQLError],
    policy: ErrorPolicy,
    default_code: ErrorCode | str = ErrorCode.BAD_REQUEST,
    context: ErrorContext | None = None,
) -> list[dict[str, Any]]:
    """Format each error; ``default_code`` applies to GraphQL errors that carry no code, and
    ``context`` (schema, operation, user) goes with internal errors to the error reporter."""
    return [format_error(error, policy, default_code, context) for error in errors]


def format_error(
    error: GraphQLError,
    policy: ErrorPolicy,
    default_code: ErrorCode | str = ErrorCode.BAD_REQUEST,
    context: ErrorContext | None = None,
) -> dict[str, Any]:
    """Format one GraphQL error under ``policy`` (see the module docstring)."""
    cause = _root_cause(error)
    extensions: dict[str, Any] = {
        k: v for k, v in (error.extensions or {}).items() if k not in {"code"}
    }
    message = error.message
    internal = False
    if isinstance(cause, RailError):
        code: ErrorCode | str = cause.code
        message = cause.message
        extensions.update(cause.extensions)
    elif isinstance(cause, PermissionDenied):
        code = ErrorCode.PERMISSION_DENIED
        message = str(cause) or "Permission denied."
    elif isinstance(cause, ObjectDoesNotExist):
        code = ErrorCode.NOT_FOUND
        message = str(cause) or "Not found."
    elif cause is None or isinstance(cause, GraphQLError):
        code = (error.extensions or {}).get("code") or default_code
    else:
        if policy.raise_internal_errors and isinstance(cause, Exception):
            raise cause  # DEBUG and the error middleware off: Django's own handling shows it
        internal = True
        code = ErrorCode.INTERNAL_ERROR
        error_id = uuid.uuid4().hex
        extensions["errorId"] = error_id
        _log_internal(error, cause, error_id, policy)
        if policy.report_to_sentry:
            report_internal_error(cause, error_id, context)
        if policy.mask_internal_errors:
            message = gettext("Internal server error.")
    if isinstance(cause, Exception) and not isinstance(cause, GraphQLError):
        if policy.enable_detailed_errors and not (internal and policy.mask_internal_errors):
            extensions["exception"] = {"type": type(cause).__name__}
        if policy.include_stack_trace:
            extensions["stacktrace"] = _stack_lines(cause)
    extensions["code"] = prefixed_code(code, policy.prefix)
    if policy.categorize:
        extensions["category"] = str(category_of(_bare(code, policy.prefix)))
    formatted: dict[str, Any] = {"message": truncate_message(message, policy.max_message_length)}
    if error.locations:
        formatted["locations"] = [loc.formatted for loc in error.locations]
    if error.path is not None:
        formatted["path"] = list(error.path)
    formatted["extensions"] = _ordered(extensions)
    return formatted


def _root_cause(error: GraphQLError) -> BaseException | None:
    # graphql-core wraps what a resolver raised, sometimes twice (a GraphQLError raised by a
    # resolver is wrapped again to gain a path): the innermost exception decides the class.
    cause: BaseException | None = error.original_error
    while isinstance(cause, GraphQLError) and cause.original_error is not None:
        cause = cause.original_error
    return cause


def _stack_lines(cause: BaseException) -> list[str]:
    text = "".join(traceback.format_exception(type(cause), cause, cause.__traceback__))
    return text.rstrip("\n").split("\n")


def _log_internal(
    error: GraphQLError, cause: BaseException, error_id: str, policy: ErrorPolicy
) -> None:
    if not policy.enable_logging:
        return
    path = ".".join(str(part) for part in error.path) if error.path else "-"
    logger.log(
        policy.log_level,
        "Internal error %s while resolving %s: %s: %s",
        error_id,
        path,
        type(cause).__name__,
        cause,
        exc_info=(type(cause), cause, cause.__traceback__),
        extra={"error_id": error_id, "graphql_path": path},
    )


def _ordered(extensions: Mapping[str, Any]) -> dict[str, Any]:
    # "code" (and its category) first: what clients switch on and what a reader looks for.
    ordered = {"code": extensions["code"]}
    if "category" in extensions:
        ordered["category"] = extensions["category"]
    ordered.update((k, v) for k, v in extensions.items() if k not in ordered)
    return ordered

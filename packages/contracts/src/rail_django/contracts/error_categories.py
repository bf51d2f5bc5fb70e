"""The family each stable error code belongs to, so clients and dashboards can act on a family.

A client retries a ``rate_limit`` or ``timeout`` error later, asks for a new sign-in on
``authentication``, shows field messages on ``validation``, and reports ``internal``; error
metrics and error reporting count by category. With ``error_handling.enable_error_categorization``
core puts the category next to the code, in ``extensions.category``. Categories, like codes,
never change meaning and are never translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from rail_django.contracts.error_codes import ErrorCode


class ErrorCategory(StrEnum):
    """What kind of failure a code reports."""

    BAD_REQUEST = "bad_request"  # the request or document is malformed
    VALIDATION = "validation"  # a value or document is not acceptable as given
    AUTHENTICATION = "authentication"  # who is asking is unknown, expired or incomplete
    PERMISSION = "permission"  # who is asking may not do this
    NOT_FOUND = "not_found"
    LIMIT = "limit"  # the request asks for more than the server allows
    RATE_LIMIT = "rate_limit"  # too many requests: retry after the window
    TIMEOUT = "timeout"
    CONFLICT = "conflict"  # the data changed or a write of the same transaction failed
    INTERNAL = "internal"  # the server's fault: reported, never the client's to fix


_C = ErrorCategory

#: The category of every code (a test fails when a code has none).
ERROR_CATEGORIES: Mapping[str, ErrorCategory] = MappingProxyType(
    {
        ErrorCode.BAD_REQUEST: _C.BAD_REQUEST,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE: _C.BAD_REQUEST,
        ErrorCode.METHOD_NOT_ALLOWED: _C.BAD_REQUEST,
        ErrorCode.PAYLOAD_TOO_LARGE: _C.LIMIT,
        ErrorCode.SYNTAX_ERROR: _C.BAD_REQUEST,
        ErrorCode.VALIDATION_FAILED: _C.VALIDATION,
        ErrorCode.INVALID_ARGUMENT: _C.VALIDATION,
        ErrorCode.INVALID_ORDERING: _C.VALIDATION,
        ErrorCode.INVALID_PAGINATION: _C.VALIDATION,
        ErrorCode.PAGE_REQUIRED: _C.LIMIT,
        ErrorCode.INVALID_FILTER: _C.VALIDATION,
        ErrorCode.STRING_TOO_LONG: _C.VALIDATION,
        ErrorCode.MARKUP_REFUSED: _C.VALIDATION,
        ErrorCode.UNAUTHENTICATED: _C.AUTHENTICATION,
        ErrorCode.PERMISSION_DENIED: _C.PERMISSION,
        ErrorCode.MFA_REQUIRED: _C.AUTHENTICATION,
        ErrorCode.NOT_FOUND: _C.NOT_FOUND,
        ErrorCode.SCHEMA_NOT_FOUND: _C.NOT_FOUND,
        ErrorCode.INTROSPECTION_DISABLED: _C.PERMISSION,
        ErrorCode.QUERY_TOO_DEEP: _C.LIMIT,
        ErrorCode.QUERY_TOO_COMPLEX: _C.LIMIT,
        ErrorCode.TOO_MANY_ALIASES: _C.LIMIT,
        ErrorCode.TOO_MANY_TOKENS: _C.LIMIT,
        ErrorCode.TOO_MANY_DIRECTIVES: _C.LIMIT,
        ErrorCode.TOO_MANY_ROWS: _C.LIMIT,
        ErrorCode.TOO_MANY_BUCKETS: _C.LIMIT,
        ErrorCode.TOO_MANY_ITEMS: _C.LIMIT,
        ErrorCode.TOO_MANY_WRITES: _C.LIMIT,
        ErrorCode.TOO_MANY_MUTATIONS: _C.LIMIT,
        ErrorCode.QUERY_TIMEOUT: _C.TIMEOUT,
        ErrorCode.RATE_LIMITED: _C.RATE_LIMIT,
        ErrorCode.OPERATION_DISABLED: _C.PERMISSION,
        ErrorCode.CONFLICT: _C.CONFLICT,
        ErrorCode.ROLLED_BACK: _C.CONFLICT,
        ErrorCode.TOO_MANY_SUBSCRIPTIONS: _C.LIMIT,
        ErrorCode.INVALID_TASK_ID: _C.VALIDATION,
        ErrorCode.TASK_QUEUE_FULL: _C.RATE_LIMIT,
        ErrorCode.PERSISTED_QUERY_NOT_FOUND: _C.NOT_FOUND,
        ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED: _C.BAD_REQUEST,
        ErrorCode.PERSISTED_QUERY_MISMATCH: _C.VALIDATION,
        ErrorCode.OPERATION_NOT_REGISTERED: _C.PERMISSION,
        ErrorCode.PDF_RESOURCE_REFUSED: _C.PERMISSION,
        ErrorCode.PDF_RENDER_LIMIT: _C.LIMIT,
        ErrorCode.PDF_RENDERER_UNAVAILABLE: _C.INTERNAL,
        ErrorCode.PDF_RENDER_FAILED: _C.INTERNAL,
        ErrorCode.INVALID_EXPORT_FIELD: _C.VALIDATION,
        ErrorCode.EXPORT_NOT_ALLOWED: _C.PERMISSION,
        ErrorCode.UNSUPPORTED_EXPORT_FORMAT: _C.VALIDATION,
        ErrorCode.ASYNC_EXPORT_UNAVAILABLE: _C.BAD_REQUEST,
        ErrorCode.EXPORT_EXPIRED: _C.NOT_FOUND,
        ErrorCode.INVALID_MULTIPART: _C.BAD_REQUEST,
        ErrorCode.UPLOAD_NOT_ACCEPTED: _C.BAD_REQUEST,
        ErrorCode.TOO_MANY_FILES: _C.LIMIT,
        ErrorCode.FILE_TOO_LARGE: _C.LIMIT,
        ErrorCode.FILE_TYPE_NOT_ALLOWED: _C.VALIDATION,
        ErrorCode.INTERNAL_ERROR: _C.INTERNAL,
    }
)


def category_of(code: ErrorCode | str) -> ErrorCategory:
    """The category of a bare code (``"NOT_FOUND"``); a code another package defines without
    declaring a category is a ``bad_request`` (the client's request was refused)."""
    return ERROR_CATEGORIES.get(str(code), ErrorCategory.BAD_REQUEST)


def uncategorized_codes() -> list[ErrorCode]:
    """Codes of :class:`ErrorCode` with no category (a test keeps this empty)."""
    return [code for code in ErrorCode if code not in ERROR_CATEGORIES]

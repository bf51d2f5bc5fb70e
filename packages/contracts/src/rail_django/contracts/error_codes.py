"""The error vocabulary every Rail Django package answers with.

A client sees ``extensions.code`` as ``<prefix>_<CODE>`` (``RAIL_GQL_PERMISSION_DENIED``); the
prefix is ``error_handling.error_code_prefix``. Codes are stable: a client may switch on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

DEFAULT_ERROR_CODE_PREFIX = "RAIL_GQL"


class ErrorCode(StrEnum):
    """Stable error codes, without their prefix."""

    BAD_REQUEST = "BAD_REQUEST"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    SYNTAX_ERROR = "SYNTAX_ERROR"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    INVALID_ORDERING = "INVALID_ORDERING"
    INVALID_PAGINATION = "INVALID_PAGINATION"
    PAGE_REQUIRED = "PAGE_REQUIRED"  # an unpaged nested list holds more rows than it may return
    INVALID_FILTER = "INVALID_FILTER"
    STRING_TOO_LONG = "STRING_TOO_LONG"  # a text input is longer than input_max_string_length
    MARKUP_REFUSED = "MARKUP_REFUSED"  # a text input holds markup the sanitiser would remove
    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    MFA_REQUIRED = "MFA_REQUIRED"  # a token issued before the second factor asked for more
    NOT_FOUND = "NOT_FOUND"
    SCHEMA_NOT_FOUND = "SCHEMA_NOT_FOUND"
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
    TOO_MANY_DIRECTIVES = "TOO_MANY_DIRECTIVES"
    TOO_MANY_ROWS = "TOO_MANY_ROWS"  # the request fetched more rows than it may return
    TOO_MANY_BUCKETS = "TOO_MANY_BUCKETS"  # a grouping has more buckets than it may return
    TOO_MANY_ITEMS = "TOO_MANY_ITEMS"  # a nested list input holds more items than allowed
    TOO_MANY_WRITES = "TOO_MANY_WRITES"  # the request wrote more rows than it may
    TOO_MANY_MUTATIONS = "TOO_MANY_MUTATIONS"  # an operation holds too many mutation fields
    QUERY_TIMEOUT = "QUERY_TIMEOUT"
    RATE_LIMITED = "RATE_LIMITED"
    OPERATION_DISABLED = "OPERATION_DISABLED"
    CONFLICT = "CONFLICT"
    ROLLED_BACK = "ROLLED_BACK"  # not applied: another write of the same transaction failed
    # A websocket connection already holds max_subscriptions_per_connection subscriptions.
    TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS"
    INVALID_TASK_ID = "INVALID_TASK_ID"  # a task id that is not a UUID
    TASK_QUEUE_FULL = "TASK_QUEUE_FULL"  # the thread task backend's bounded queue is full
    # Automatic persisted queries: the hash is unknown (send the document), or APQ is off.
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    PERSISTED_QUERY_MISMATCH = "PERSISTED_QUERY_MISMATCH"  # the hash is not the document's
    OPERATION_NOT_REGISTERED = "OPERATION_NOT_REGISTERED"  # allow-list mode: not registered
    # PDF templating: a resource the URL fetcher policy refuses (file outside static/media, a
    # private address, a host not allow-listed, too large).
    PDF_RESOURCE_REFUSED = "PDF_RESOURCE_REFUSED"
    PDF_RENDER_LIMIT = "PDF_RENDER_LIMIT"  # the render ran past its time or memory limit
    PDF_RENDERER_UNAVAILABLE = "PDF_RENDERER_UNAVAILABLE"  # e.g. wkhtmltopdf selected, absent
    PDF_RENDER_FAILED = "PDF_RENDER_FAILED"  # the template or renderer failed (details logged)
    INVALID_EXPORT_FIELD = "INVALID_EXPORT_FIELD"  # an export column names no exported field
    EXPORT_NOT_ALLOWED = "EXPORT_NOT_ALLOWED"  # the model is not in the export allow-list
    UNSUPPORTED_EXPORT_FORMAT = "UNSUPPORTED_EXPORT_FORMAT"  # a file_extension export cannot write
    ASYNC_EXPORT_UNAVAILABLE = "ASYNC_EXPORT_UNAVAILABLE"  # no task backend runs export jobs
    EXPORT_EXPIRED = "EXPORT_EXPIRED"  # an export job's file is past its expiry
    # File uploads (GraphQL multipart requests).
    INVALID_MULTIPART = "INVALID_MULTIPART"  # operations / map malformed, a mapped part missing
    UPLOAD_NOT_ACCEPTED = "UPLOAD_NOT_ACCEPTED"  # a file mapped to a variable that is no Upload
    TOO_MANY_FILES = "TOO_MANY_FILES"  # more file parts than DATA_UPLOAD_MAX_NUMBER_FILES
    FILE_TOO_LARGE = "FILE_TOO_LARGE"  # a file over the upload size limit
    FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"  # a file type (by content) not allowed
    INTERNAL_ERROR = "INTERNAL_ERROR"


def format_error_code(code: ErrorCode | str, prefix: str = DEFAULT_ERROR_CODE_PREFIX) -> str:
    """Return the code as a client sees it: ``format_error_code(ErrorCode.NOT_FOUND)`` is
    ``"RAIL_GQL_NOT_FOUND"``. An empty prefix gives the bare code."""
    bare = str(code)
    return f"{prefix}_{bare}" if prefix else bare


class RailError(Exception):
    """An error meant for the client: its message is safe to show and its code is stable.

    Anything raised that is not a ``RailError`` (or a GraphQL syntax/validation error) is treated
    as internal and masked when ``error_handling.mask_internal_errors`` is on.
    """

    def __init__(
        self,
        message: str,
        code: ErrorCode | str = ErrorCode.BAD_REQUEST,
        *,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extensions: dict[str, Any] = dict(extensions or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={str(self.code)!r})"

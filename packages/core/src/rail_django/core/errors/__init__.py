"""Client-facing error formatting with stable codes, masking of internal errors and logging."""

from rail_django.core.errors.error_formatting import (
    INTERNAL_ERROR_MESSAGE,
    format_error,
    format_errors,
    prefixed_code,
    request_error,
    truncate_message,
)
from rail_django.core.errors.error_policy import ErrorPolicy

__all__ = [
    "INTERNAL_ERROR_MESSAGE",
    "ErrorPolicy",
    "format_error",
    "format_errors",
    "prefixed_code",
    "request_error",
    "truncate_message",
]

"""Client-facing error formatting with stable codes and categories, masking of internal errors,
logging and reporting to Sentry."""

from rail_django.core.errors.error_formatting import (
    INTERNAL_ERROR_MESSAGE,
    format_error,
    format_errors,
    prefixed_code,
    request_error,
    truncate_message,
)
from rail_django.core.errors.error_policy import ErrorPolicy
from rail_django.core.errors.error_reporting import ErrorContext, report_internal_error

__all__ = [
    "INTERNAL_ERROR_MESSAGE",
    "ErrorContext",
    "ErrorPolicy",
    "format_error",
    "format_errors",
    "prefixed_code",
    "report_internal_error",
    "request_error",
    "truncate_message",
]

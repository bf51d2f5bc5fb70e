"""The errors a render ends with, each carrying a stable ``RAIL_GQL_*`` code."""

from __future__ import annotations

from rail_django.contracts.error_codes import ErrorCode, RailError


class TemplatingError(RailError):
    """A render that could not produce a PDF; ``code`` says why (stable, for clients)."""


def resource_refused(reason: str) -> TemplatingError:
    return TemplatingError(reason, ErrorCode.PDF_RESOURCE_REFUSED)

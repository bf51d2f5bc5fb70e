"""A request refused before any GraphQL runs: an HTTP status, a stable code and a message."""

from __future__ import annotations

from collections.abc import Mapping

from rail_django.contracts.error_codes import ErrorCode


class HttpProblem(Exception):
    """Raised while reading a request; the view answers it as JSON ``{"errors": [...]}``."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

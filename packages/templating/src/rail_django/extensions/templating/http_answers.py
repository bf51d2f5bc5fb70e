"""How the templating endpoints answer: JSON errors with a stable code and the right status,
PDFs that are never cached or sniffed, and the per-user rate limit."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.core.errors import ErrorPolicy, request_error
from rail_django.core.http import RateLimitUnavailable, hit, rate_limit_headers

logger = logging.getLogger(__name__)

_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.OPERATION_DISABLED: 400,
    ErrorCode.INVALID_ARGUMENT: 400,
    ErrorCode.PDF_RESOURCE_REFUSED: 422,
    ErrorCode.PDF_RENDER_LIMIT: 422,
    ErrorCode.PDF_RENDERER_UNAVAILABLE: 503,
    ErrorCode.PDF_RENDER_FAILED: 500,
}


def error_response(error: RailError, schema_name: str | None, headers: Any = None) -> HttpResponse:
    body = {
        "errors": [request_error(error.message, error.code, ErrorPolicy.for_schema(schema_name))]
    }
    response = JsonResponse(body, status=_STATUS.get(error.code, 400))
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def rate_refusal(request: Any, limits: Any) -> tuple[RailError, dict[str, str]] | None:
    """Count one render against the user's budget (``rate_limit`` settings); the refusal and
    its ``Retry-After`` / ``X-RateLimit-*`` headers when the budget is spent."""
    if not limits["enable"]:
        return None
    user = request.user
    who = f"user:{user.pk}" if user.is_authenticated else f"ip:{request.META.get('REMOTE_ADDR')}"
    try:
        decision = hit(
            f"templating:{who}", limit=limits["limit"], window_seconds=limits["window_seconds"]
        )
    except RateLimitUnavailable:
        logger.warning("templating rate limit skipped: the cache is unreachable")
        return None
    if decision.allowed:
        return None
    error = RailError(
        ngettext(
            "Too many documents requested; retry in %(seconds)s second.",
            "Too many documents requested; retry in %(seconds)s seconds.",
            decision.retry_after,
        )
        % {"seconds": decision.retry_after},
        ErrorCode.RATE_LIMITED,
    )
    return error, rate_limit_headers([decision])

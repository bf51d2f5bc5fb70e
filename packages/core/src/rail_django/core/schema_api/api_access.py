"""Who may call the schema management API: one gate every ``/api/v1/`` endpoint of core passes.

In order: the installed authenticator reads the credentials (``authenticate_request``: a JWT
bearer header or, in cookie mode, the access cookie with its CSRF check, when rail-django-security
is installed; Django's session otherwise); the caller's budget is counted
(``GRAPHQL_SCHEMA_API_RATE_LIMIT``, 429 with ``Retry-After``); an anonymous caller is refused
(401); an unsafe method not sent with a bearer header must pass Django's CSRF check (403), since
the views are exempt from the CSRF middleware so that bearer clients need no token; finally the
caller must hold every ``GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS`` entry (403). CORS follows the
default schema's settings (:mod:`rail_django.core.http.cross_origin`): a preflight is answered
before the gate, and every answer carries the CORS headers the policy decided.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext, ngettext
from django.views.decorators.csrf import csrf_exempt

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.errors import ErrorPolicy, request_error
from rail_django.core.http.cross_origin import add_cross_origin_headers, preflight_response
from rail_django.core.http.rate_limit import (
    RateDecision,
    RateLimitUnavailable,
    hit,
    rate_limit_headers,
)
from rail_django.core.http.request_authentication import (
    authenticate_request,
    finish_response,
    refusal_response,
)
from rail_django.core.http.response_json import dumps
from rail_django.core.registry import DEFAULT_SCHEMA_NAME
from rail_django.core.schema_api.api_settings import rate_limit, required_permissions

logger = logging.getLogger("rail_django.core.schema_api")

#: The settings (error code prefix, authentication switch) the API answers with: the API
#: manages every schema, so it speaks with the default schema's voice, like the task endpoint.
API_SCHEMA = DEFAULT_SCHEMA_NAME
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

View = Callable[..., HttpResponse]


def error_response(
    status: int, code: ErrorCode, message: str, headers: dict[str, str] | None = None
) -> HttpResponse:
    """The JSON ``{"errors": [{"message", "extensions": {"code", "category"}}]}`` answer."""
    error = request_error(message, code, ErrorPolicy.for_schema(API_SCHEMA))
    response = HttpResponse(
        dumps({"errors": [error]}), status=status, content_type="application/json"
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def api_endpoint(*methods: str) -> Callable[[View], View]:
    """Make ``view`` an API endpoint answering ``methods``: the gate above, then the view; a
    JSON 405 for any other method; the rate-limit headers and ``no-store`` on every answer."""
    allowed = frozenset(methods) | ({"HEAD"} if "GET" in methods else set())
    cors_methods = tuple(sorted(methods))

    def decorate(view: View) -> View:
        @wraps(view)
        def endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            preflight = preflight_response(request, schema_name=API_SCHEMA, methods=cors_methods)
            if preflight is not None:
                return preflight
            response = answer(request, *args, **kwargs)
            return add_cross_origin_headers(
                request, response, schema_name=API_SCHEMA, methods=cors_methods
            )

        def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            decision, refused = _gate(request)
            if refused is None:
                if request.method in allowed:
                    refused = view(request, *args, **kwargs)
                else:
                    refused = error_response(
                        405,
                        ErrorCode.METHOD_NOT_ALLOWED,
                        gettext("This endpoint answers %(methods)s.")
                        % {"methods": ", ".join(sorted(methods))},
                        {"Allow": ", ".join(sorted(allowed))},
                    )
            response = refused
            if decision is not None:
                for name, value in rate_limit_headers([decision]).items():
                    response[name] = value
            response["Cache-Control"] = "no-store"
            return finish_response(request, response)

        # The CSRF check runs in _gate, after authentication: a bearer-header client needs none.
        return csrf_exempt(endpoint)

    return decorate


def _gate(request: HttpRequest) -> tuple[RateDecision | None, HttpResponse | None]:
    refusal = authenticate_request(request, schema_name=API_SCHEMA)
    decision = _count(request)
    if decision is not None and not decision.allowed:
        return decision, error_response(
            429,
            ErrorCode.RATE_LIMITED,
            ngettext(
                "Too many requests to the schema API: retry in %(seconds)d second.",
                "Too many requests to the schema API: retry in %(seconds)d seconds.",
                decision.retry_after,
            )
            % {"seconds": decision.retry_after},
        )
    if refusal is not None:
        return decision, refusal_response(refusal, schema_name=API_SCHEMA)
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return decision, error_response(
            401,
            ErrorCode.UNAUTHENTICATED,
            gettext("Authentication required: send a JWT access token."),
            {"WWW-Authenticate": 'Bearer realm="schema-api"'},
        )
    if request.method in UNSAFE_METHODS and not _csrf_passes(request):
        return decision, error_response(
            403,
            ErrorCode.PERMISSION_DENIED,
            gettext("CSRF check failed: send the CSRF token with cookie authentication."),
        )
    missing = [perm for perm in required_permissions() if not user.has_perm(perm)]
    if missing:
        return decision, error_response(
            403,
            ErrorCode.PERMISSION_DENIED,
            gettext("You may not manage schemas: the permission %(perm)s is required.")
            % {"perm": missing[0]},
        )
    return decision, None


def _count(request: HttpRequest) -> RateDecision | None:
    """Count the request against its caller's budget: the user when signed in, else the client
    address (``REMOTE_ADDR`` only: a forwarded-for header is the client's to choose)."""
    budget = rate_limit()
    if not budget.enable:
        return None
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        subject = f"user:{user.pk}"
    else:
        subject = f"ip:{request.META.get('REMOTE_ADDR', '')}"
    try:
        return hit(
            f"schema-api:{subject}",
            limit=budget.max_requests,
            window_seconds=budget.window_seconds,
        )
    except RateLimitUnavailable as exc:
        # Documented choice: every caller is still authenticated and authorised, so an
        # unreachable cache lets admin requests through rather than locking operators out.
        logger.warning("schema API rate limit not counted: cache unavailable (%s)", exc)
        return None


def _csrf_passes(request: HttpRequest) -> bool:
    # A bearer-header token sets this (security's authenticator): a cross-site page cannot send
    # that header, so there is nothing to forge.
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return True
    check = CsrfViewMiddleware(lambda _request: HttpResponse())
    return check.process_view(request, None, (), {}) is None

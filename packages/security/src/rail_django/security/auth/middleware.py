"""``JWTAuthenticationMiddleware``: sets ``request.user`` from a JWT access token.

Place it after ``django.contrib.auth.middleware.AuthenticationMiddleware``. A token comes from
the ``Authorization: Bearer <token>`` header, or, in cookie mode (``JWT_ALLOW_COOKIE_AUTH``), from
the HttpOnly access cookie. Without a token the request keeps its session user, so session and
JWT users meet the same ``authentication_required`` and permission checks downstream.

A bad header token (tampered, expired, revoked, wrong type...) is answered at once with HTTP
401 and a GraphQL-shaped error coded ``UNAUTHENTICATED`` (``"Signature has expired"``): a client
that sent credentials must learn they failed, not be served as anonymous. A bad *cookie* is
dropped instead (the request goes on as anonymous and the cookie is deleted), so a stale cookie
never locks a browser out of ``login`` and ``refreshToken``. Unsafe requests that carry token
cookies must pass Django's CSRF check when ``JWT_ENFORCE_CSRF`` is on (403 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

from rail_django.contracts.error_codes import ErrorCode
from rail_django.security.auth.auth_cookies import (
    UNSAFE_METHODS,
    CsrfCheck,
    carries_token_cookie,
    cookie_mode,
    csrf_enforced,
    stage_cookie_removal,
    write_staged_cookies,
)
from rail_django.security.auth.jwt_tokens import TokenClaims, TokenError
from rail_django.security.auth.token_settings import setting
from rail_django.security.auth.token_store import authenticate_access

MIDDLEWARE_PATH = "rail_django.security.auth.middleware.JWTAuthenticationMiddleware"
_STATE_ATTRIBUTE = "rail_jwt"


@dataclass(frozen=True)
class JWTAuthentication:
    """How the current request was authenticated by a token: its claims and where it came from
    (``"header"`` or ``"cookie"``). Read it with :func:`request_token`."""

    claims: TokenClaims
    source: str


def request_token(request: Any) -> JWTAuthentication | None:
    """The token that authenticated ``request``, or ``None`` (session or anonymous)."""
    return getattr(request, _STATE_ATTRIBUTE, None)


class JWTAuthenticationMiddleware:
    """Authenticates requests that carry a JWT access token (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = CsrfCheck()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._authenticate(request)
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        write_staged_cookies(request, response)
        if cookie_mode() and csrf_enforced():
            self.csrf.send_cookie(request, response)
        return response

    def _authenticate(self, request: HttpRequest) -> HttpResponse | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, credentials = header.strip().partition(" ")
        if scheme.lower() == "bearer":
            try:
                user, claims = authenticate_access(credentials.strip())
            except TokenError as exc:
                return _unauthenticated(request, exc)
            _login(request, user, JWTAuthentication(claims, "header"))
            return None
        if cookie_mode() and carries_token_cookie(request):
            unsafe = request.method in UNSAFE_METHODS
            if unsafe and csrf_enforced() and not self.csrf.passes(request):
                return _csrf_failure(request)
            token = request.COOKIES.get(setting("JWT_AUTH_COOKIE"))
            if token:
                try:
                    user, claims = authenticate_access(token)
                except TokenError:
                    stage_cookie_removal(request)
                    return None
                _login(request, user, JWTAuthentication(claims, "cookie"))
        return None


def _login(request: HttpRequest, user: Any, state: JWTAuthentication) -> None:
    request.user = user
    setattr(request, _STATE_ATTRIBUTE, state)
    # A token-authenticated request is not a session login: Django's CSRF middleware need not
    # guard it (a cross-site page cannot set the Authorization header).
    if state.source == "header":
        request._dont_enforce_csrf_checks = True


def _unauthenticated(request: HttpRequest, exc: TokenError) -> HttpResponse:
    response = _error_response(request, exc.message, ErrorCode.UNAUTHENTICATED, 401, exc.reason)
    description = exc.message.replace('"', "'")
    response["WWW-Authenticate"] = (
        f'Bearer error="invalid_token", error_description="{description}"'
    )
    return response


def _csrf_failure(request: HttpRequest) -> HttpResponse:
    message = (
        "CSRF verification failed: send the CSRF cookie's value in the X-CSRFToken header "
        "with cookie-authenticated requests."
    )
    return _error_response(request, message, ErrorCode.PERMISSION_DENIED, 403, "csrf")


def _error_response(
    request: HttpRequest, message: str, code: ErrorCode, status: int, reason: str
) -> HttpResponse:
    from rail_django.core.errors import ErrorPolicy, request_error

    error = request_error(message, code, ErrorPolicy.for_schema(_schema_of(request)))
    error["extensions"]["reason"] = reason
    return JsonResponse({"errors": [error]}, status=status)


def _schema_of(request: HttpRequest) -> str | None:
    """The schema a GraphQL URL serves, for its error-code prefix (``None`` elsewhere)."""
    from rail_django.core.http import GraphQLView
    from rail_django.core.registry import DEFAULT_SCHEMA_NAME, canonical_name

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    name = match.kwargs.get("schema_name")
    if name is not None:
        return canonical_name(name)
    if getattr(match.func, "view_class", None) is GraphQLView:
        return DEFAULT_SCHEMA_NAME
    return None

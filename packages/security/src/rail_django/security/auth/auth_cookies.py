"""Cookie mode (``JWT_ALLOW_COOKIE_AUTH``): tokens in HttpOnly cookies, with CSRF enforced.

Resolvers cannot touch the HTTP response, so the login/refresh/logout resolvers *stage* cookie
changes on the request and the endpoint (through the JWT authenticator's ``finish_response``, or
``JWTAuthenticationMiddleware``) writes them on the way out. Cookies
are HttpOnly (scripts never read a token), Secure by default and SameSite=Lax by default. CSRF is
still checked on every unsafe request that carries token cookies (``JWT_ENFORCE_CSRF``), because
SameSite alone does not cover same-site subdomains or old browsers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token

from rail_django.security.auth.token_settings import setting

_STAGED_ATTRIBUTE = "_rail_jwt_cookie_changes"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def cookie_mode() -> bool:
    """Whether tokens are accepted from (and set in) cookies."""
    return bool(setting("JWT_ALLOW_COOKIE_AUTH"))


def csrf_enforced() -> bool:
    return bool(setting("JWT_ENFORCE_CSRF"))


@dataclass(frozen=True)
class CookieChange:
    """Set ``name`` to ``value`` for ``max_age`` seconds, or delete it when ``value`` is None."""

    name: str
    value: str | None
    max_age: int = 0


def stage_token_cookies(request: Any, access: Any, refresh: Any) -> None:
    """Ask the endpoint to set the access and refresh cookies of a fresh token pair (no-op
    outside cookie mode). Also makes sure the client gets a CSRF cookie to echo back."""
    if not cookie_mode():
        return
    access_age = _max_age(access.claims)
    refresh_age = _max_age(refresh.claims)
    _staged(request).extend(
        [
            CookieChange(setting("JWT_AUTH_COOKIE"), access.token, access_age),
            CookieChange(setting("JWT_REFRESH_COOKIE"), refresh.token, refresh_age),
        ]
    )
    if isinstance(request, HttpRequest) and csrf_enforced():
        get_token(request)


def stage_cookie_removal(request: Any) -> None:
    """Ask the endpoint to delete both token cookies (logout, a dead access cookie)."""
    if not cookie_mode():
        return
    _staged(request).extend(
        [
            CookieChange(setting("JWT_AUTH_COOKIE"), None),
            CookieChange(setting("JWT_REFRESH_COOKIE"), None),
        ]
    )


def refresh_cookie(request: Any) -> str | None:
    """The refresh token from its cookie, in cookie mode."""
    if not cookie_mode():
        return None
    cookies = getattr(request, "COOKIES", {}) or {}
    return cookies.get(setting("JWT_REFRESH_COOKIE")) or None


def carries_token_cookie(request: HttpRequest) -> bool:
    names = (setting("JWT_AUTH_COOKIE"), setting("JWT_REFRESH_COOKIE"))
    return any(request.COOKIES.get(name) for name in names)


def write_staged_cookies(request: HttpRequest, response: HttpResponse) -> None:
    """Apply the staged cookie changes to ``response``."""
    changes = getattr(request, _STAGED_ATTRIBUTE, None)
    if not changes:
        return
    # Written once, whether the endpoint or the middleware gets the response first.
    setattr(request, _STAGED_ATTRIBUTE, [])
    domain = setting("JWT_COOKIE_DOMAIN")
    samesite = setting("JWT_COOKIE_SAMESITE")
    for change in changes:
        if change.value is None:
            response.delete_cookie(change.name, path="/", domain=domain, samesite=samesite)
            continue
        response.set_cookie(
            change.name,
            change.value,
            max_age=change.max_age,
            path="/",
            domain=domain,
            secure=bool(setting("JWT_COOKIE_SECURE")),
            httponly=True,
            samesite=samesite,
        )


class CsrfCheck:
    """Django's own CSRF check (token + Origin/Referer), run for cookie-authenticated requests
    even though the GraphQL view is ``csrf_exempt`` (it is exempt only for non-cookie clients).
    """

    def __init__(self) -> None:
        self._middleware = CsrfViewMiddleware(_no_response)

    def passes(self, request: HttpRequest) -> bool:
        """Whether the request carries a valid CSRF token (header or form field)."""
        self._middleware.process_request(request)
        # callback=None: the view's csrf_exempt marker is deliberately not consulted.
        return self._middleware.process_view(request, None, (), {}) is None

    def send_cookie(self, request: HttpRequest, response: HttpResponse) -> None:
        """Set the CSRF cookie when :func:`get_token` asked for one (login in cookie mode)."""
        self._middleware.process_response(request, response)


def _no_response(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise RuntimeError("CsrfCheck is not a middleware in the chain")


def _staged(request: Any) -> list[CookieChange]:
    changes = getattr(request, _STAGED_ATTRIBUTE, None)
    if changes is None:
        changes = []
        setattr(request, _STAGED_ATTRIBUTE, changes)
    return changes


def _max_age(claims: Any) -> int:
    return max(0, int((claims.expires_at - claims.issued_at).total_seconds()))

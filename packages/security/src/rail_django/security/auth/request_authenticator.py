"""``JWTRequestAuthenticator``: reads a JWT access token from a request, for every Rail endpoint.

Installed into the contracts' ``request_authenticator`` slot by the security app, so core's
GraphQL view (and the REST and websocket endpoints built on core) read tokens with no
``MIDDLEWARE`` edit whenever ``middleware_settings.enable_authentication_middleware`` is on.
:class:`~rail_django.security.auth.middleware.JWTAuthenticationMiddleware` runs the same code for
the non-Rail views of a project.

A token comes from the ``Authorization: Bearer <token>`` header, or, in cookie mode
(``JWT_ALLOW_COOKIE_AUTH``), from the HttpOnly access cookie. Without a token the request keeps
its session user. A bad header token (tampered, expired, revoked, wrong type...) is refused with
HTTP 401, ``WWW-Authenticate: Bearer error="invalid_token"`` and ``RAIL_GQL_UNAUTHENTICATED``
with ``extensions.reason``. A bad *cookie* is dropped instead (the request goes on as anonymous
and the cookie is deleted), so a stale cookie never locks a browser out of ``login``. Unsafe
requests carrying token cookies must pass Django's CSRF check when ``JWT_ENFORCE_CSRF`` is on
(403 ``RAIL_GQL_PERMISSION_DENIED``, reason ``csrf``, otherwise).

On a Rail endpoint, ``security_settings.enable_csrf_protection`` (default ``True``) asks the same
CSRF token of every unsafe request authenticated by ambient credentials, the browser sends by
itself: a Django session (the session cookie) or a token cookie. A bearer-header request needs
none (no other site can make a browser send that header). ``False`` lets session and
token-cookie requests of that schema through without a token (``check --deploy`` warns,
``rail_django_security.W306``); ``JWT_ENFORCE_CSRF = False`` does the same for token cookies
on every endpoint. Either switch loosens; both default to on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext

from rail_django.contracts.authentication import AuthenticationRefusal, AuthenticationResult
from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.settings_registry import settings_registry
from rail_django.security.auth import idle_timeout, second_factor
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
from rail_django.security.auth.token_store import authenticate_access, revoke_family

__all__ = ["JWTAuthentication", "JWTRequestAuthenticator", "request_token"]

_STATE_ATTRIBUTE = "rail_jwt"
_CHECKED_ATTRIBUTE = "_rail_jwt_checked"
#: Django's CSRF check, shared: it holds no per-request state.
_CSRF = CsrfCheck()


@dataclass(frozen=True)
class JWTAuthentication:
    """How the current request was authenticated by a token: its claims and where it came from
    (``"header"`` or ``"cookie"``). Read it with :func:`request_token`."""

    claims: TokenClaims
    source: str


def request_token(request: Any) -> JWTAuthentication | None:
    """The token that authenticated ``request``, or ``None`` (session or anonymous)."""
    return getattr(request, _STATE_ATTRIBUTE, None)


class JWTRequestAuthenticator:
    """The contracts' ``RequestAuthenticator`` for JWT access tokens (module docstring)."""

    def __init__(self) -> None:
        self.csrf = _CSRF

    def authenticate(
        self, request: Any, *, schema_name: str | None = None, read_tokens: bool = True
    ) -> AuthenticationResult | None:
        if schema_name is not None and not _sign_in_enabled(schema_name):
            read_tokens = False  # the schema relies on Django's own sign-in (sessions)
        if not read_tokens and not getattr(request, _CHECKED_ATTRIBUTE, False):
            # The schema reads no token; a session user still owes the second factor.
            return _session_check(request, schema_name)
        if getattr(request, _CHECKED_ATTRIBUTE, False):
            # Already done for this request (the middleware, then the view): verify once; the
            # MFA checks need the schema, which only the view passes.
            if second_factor.pending_user(request) is not None:
                return _limited_token_check(request, schema_name)
            if request_token(request) is None:
                return _session_check(request, schema_name)
            return None
        setattr(request, _CHECKED_ATTRIBUTE, True)
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, credentials = header.strip().partition(" ")
        if scheme.lower() == "bearer":
            try:
                user, claims = authenticate_access(credentials.strip())
            except TokenError as exc:
                return AuthenticationResult.refused(_invalid_token(exc))
            return _accept(request, user, JWTAuthentication(claims, "header"), schema_name)
        if cookie_mode() and carries_token_cookie(request):
            unsafe = request.method in UNSAFE_METHODS
            if (
                unsafe
                and csrf_enforced()
                and csrf_protected(schema_name)
                and not self.csrf.passes(request)
            ):
                return AuthenticationResult.refused(_csrf_failure())
            token = request.COOKIES.get(setting("JWT_AUTH_COOKIE"))
            if token:
                try:
                    user, claims = authenticate_access(token)
                except TokenError:
                    stage_cookie_removal(request)
                    # A dropped cookie leaves the session user, who may still owe the second
                    # factor.
                    return _session_check(request, schema_name)
                if schema_name is not None and idle_timeout.family_expired(
                    claims.family, schema_name
                ):
                    # Revoked, so the cookies are dead even where this answer cannot drop them.
                    revoke_family(claims.family, "idle")
                    stage_cookie_removal(request)
                    return AuthenticationResult.refused(idle_timeout.expired_refusal(schema_name))
                return _accept(request, user, JWTAuthentication(claims, "cookie"), schema_name)
        return _session_check(request, schema_name)

    def finish_response(self, request: Any, response: Any) -> None:
        """Write the token cookies ``login`` / ``refreshToken`` / ``logout`` staged, and the CSRF
        cookie a cookie-mode login asked for."""
        write_staged_cookies(request, response)
        # Sets the CSRF cookie only when something asked for one (get_token: a cookie-mode
        # login, the GraphiQL page), so a project without CsrfViewMiddleware still gets it.
        self.csrf.send_cookie(request, response)


def _accept(
    request: Any, user: Any, state: JWTAuthentication, schema_name: str | None
) -> AuthenticationResult:
    setattr(request, _STATE_ATTRIBUTE, state)
    if second_factor.is_pending(state.claims):
        # A limited token (second factor not done yet): anonymous everywhere but the MFA fields.
        second_factor.mark_pending(request, user)
        user = AnonymousUser()
        refused = _limited_token_check(request, schema_name)
        if refused is not None:
            return refused
    request.user = user
    # A token-authenticated request is not a session login: Django's CSRF middleware need not
    # guard it (a cross-site page cannot set the Authorization header).
    if state.source == "header":
        request._dont_enforce_csrf_checks = True
    return AuthenticationResult.accepted(user)


def _sign_in_enabled(schema_name: str) -> bool:
    """``security_settings.enable_authentication`` of ``schema_name``: off, the schema reads no
    token (session rules still apply)."""
    return bool(
        settings_registry.resolve(schema_name).value("security_settings", "enable_authentication")
    )


def _session_check(request: Any, schema_name: str | None) -> AuthenticationResult | None:
    """On a Rail endpoint, a session idle past ``session_timeout_minutes`` ends (401), and a
    session user who must use MFA and has not passed it in this session is limited like a
    limited token (your other Django views, such as the admin, are not)."""
    if schema_name is None:
        return None
    if idle_timeout.session_expired(request, schema_name):
        return AuthenticationResult.refused(idle_timeout.expired_refusal(schema_name))
    if _session_needs_csrf(request, schema_name) and not _CSRF.passes(request):
        return AuthenticationResult.refused(_csrf_failure())
    if not second_factor.enforcement_configured():
        return None
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or not second_factor.session_due(request, user):
        return None
    second_factor.mark_pending(request, user)
    request.user = AnonymousUser()
    refused = _limited_token_check(request, schema_name)
    return refused or AuthenticationResult.accepted(request.user)


def csrf_protected(schema_name: str | None) -> bool:
    """Whether ``schema_name``'s ``security_settings.enable_csrf_protection`` is on (always for
    non-Rail views, which name no schema)."""
    if schema_name is None:
        return True
    security = settings_registry.resolve(schema_name).sections.get("security_settings") or {}
    return bool(security.get("enable_csrf_protection", True))


def _session_needs_csrf(request: Any, schema_name: str) -> bool:
    """An unsafe request of a signed-in session user, on a schema that protects it. Asked only
    of requests carrying the session cookie, so a cookie-less client loads no session."""
    if not isinstance(request, HttpRequest) or request.method not in UNSAFE_METHODS:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_authenticated", False)) and csrf_protected(schema_name)


def _limited_token_check(request: Any, schema_name: str | None) -> AuthenticationResult | None:
    """On a Rail endpoint, refuse a limited token's request for a field it may not use."""
    if schema_name is None or second_factor.pending_user(request) is None:
        return None
    refused = second_factor.fields_refused_to_limited_token(request)
    if not refused:
        return None
    return AuthenticationResult.refused(
        AuthenticationRefusal(
            message=gettext(
                "MFA required: only the second factor is allowed (setupTotp, verifyTotp, "
                "redeemBackupCode) until you complete it."
            ),
            code=ErrorCode.MFA_REQUIRED,
            status=403,
            reason="mfa_required",
        )
    )


def _invalid_token(exc: TokenError) -> AuthenticationRefusal:
    message = gettext(exc.message)
    description = message.replace('"', "'").replace("\\", "")
    return AuthenticationRefusal(
        message=message,
        code=ErrorCode.UNAUTHENTICATED,
        status=401,
        reason=exc.reason,
        headers={
            "WWW-Authenticate": (f'Bearer error="invalid_token", error_description="{description}"')
        },
    )


def _csrf_failure() -> AuthenticationRefusal:
    return AuthenticationRefusal(
        message=gettext(
            "CSRF verification failed: send the CSRF cookie's value in the X-CSRFToken header "
            "with session- or cookie-authenticated requests."
        ),
        code=ErrorCode.PERMISSION_DENIED,
        status=403,
        reason="csrf",
    )

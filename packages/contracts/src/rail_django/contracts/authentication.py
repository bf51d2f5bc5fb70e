"""Who sent a request: the authenticator every Rail Django endpoint asks, with no MIDDLEWARE edit.

Core's endpoints (the GraphQL view; the REST endpoints and websocket consumers other packages
add) call :data:`request_authenticator` once per request, before running anything, when the
schema's ``middleware_settings.enable_authentication_middleware`` is on. The answer is

- ``None``: the request carries no credentials this authenticator reads; it goes on with the user
  Django already attached (the session user, or anonymous);
- :meth:`AuthenticationResult.accepted`: the credentials name ``user``, who the request runs as;
- :meth:`AuthenticationResult.refused`: the request sent credentials that must not be used
  (invalid, expired, revoked, of the wrong type...). The endpoint answers at once with the
  refusal's status (401 unless said otherwise) and its code; it never serves such a request as
  anonymous.

The default does nothing (Django's session user stays). rail-django-security installs its JWT
authenticator (``Authorization: Bearer``, or cookies in cookie mode) from its app's ``ready()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.service_slot import ServiceSlot

__all__ = [
    "AuthenticationRefusal",
    "AuthenticationResult",
    "RequestAuthenticator",
    "SessionAuthenticator",
    "request_authenticator",
]


@dataclass(frozen=True)
class AuthenticationRefusal:
    """Credentials that must not be used: what the endpoint answers instead of running.

    ``message`` is safe to show (translated by whoever builds it); ``reason`` is a stable
    machine-readable word (``"expired"``, ``"revoked"``...) shown as ``extensions.reason``;
    ``headers`` are added to the HTTP answer (``WWW-Authenticate`` for a bad bearer token).
    """

    message: str
    code: ErrorCode = ErrorCode.UNAUTHENTICATED
    status: int = 401
    reason: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthenticationResult:
    """What an authenticator decided about a request that carried credentials: exactly one of
    ``user`` (accepted) and ``refusal`` is set. Build one with :meth:`accepted` or
    :meth:`refused`."""

    user: Any = None
    refusal: AuthenticationRefusal | None = None

    @classmethod
    def accepted(cls, user: Any) -> AuthenticationResult:
        return cls(user=user)

    @classmethod
    def refused(cls, refusal: AuthenticationRefusal) -> AuthenticationResult:
        return cls(refusal=refusal)


@runtime_checkable
class RequestAuthenticator(Protocol):
    """Reads a request's credentials (see the module docstring)."""

    def authenticate(
        self, request: Any, *, schema_name: str, read_tokens: bool = True
    ) -> AuthenticationResult | None:
        """Decide who ``request`` runs as: ``None`` when it carries no credentials read here.

        Called at most once per request (an authenticator that already ran for this request,
        e.g. as a Django middleware, answers ``None`` and leaves ``request.user`` alone).
        ``read_tokens=False`` (the schema turned ``enable_authentication_middleware`` off):
        credentials are not read, but rules on the session user (a second factor still due)
        apply all the same.
        """
        ...

    def finish_response(self, request: Any, response: Any) -> None:
        """Adjust the HTTP ``response`` of ``request`` before it is sent (e.g. set or delete the
        token cookies that ``login`` / ``logout`` asked for). Endpoints without an HTTP
        response (websockets) do not call it."""
        ...


class SessionAuthenticator:
    """The default: reads no credentials, so Django's session user (or anonymous) stays."""

    def authenticate(
        self, request: Any, *, schema_name: str, read_tokens: bool = True
    ) -> AuthenticationResult | None:
        return None

    def finish_response(self, request: Any, response: Any) -> None:
        return None


#: The active authenticator (``request_authenticator.get()``); security installs its JWT one.
request_authenticator: ServiceSlot[RequestAuthenticator] = ServiceSlot(
    "request_authenticator", SessionAuthenticator
)

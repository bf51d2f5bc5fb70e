"""``JWTAuthenticationMiddleware``: JWT authentication for a project's *non-Rail* views.

Rail Django's own endpoints need no middleware: the security app installs
:class:`~rail_django.security.auth.request_authenticator.JWTRequestAuthenticator` into the
contracts' ``request_authenticator`` slot, and core's endpoints run it whenever
``middleware_settings.enable_authentication_middleware`` is on (the default). Add this
middleware only when your own Django views should see token users too; place it after
``django.contrib.auth.middleware.AuthenticationMiddleware``.

It runs the very same authenticator on every request it sees (header or cookie token, the same
401 / 403 answers), whatever the schema settings say: adding it to ``MIDDLEWARE`` is the
choice. A request it authenticated is not verified a second time by a Rail endpoint.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from rail_django.security.auth.request_authenticator import (
    JWTAuthentication,
    JWTRequestAuthenticator,
    request_token,
)

__all__ = ["MIDDLEWARE_PATH", "JWTAuthentication", "JWTAuthenticationMiddleware", "request_token"]

MIDDLEWARE_PATH = "rail_django.security.auth.middleware.JWTAuthenticationMiddleware"


class JWTAuthenticationMiddleware:
    """Authenticates requests that carry a JWT access token (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.authenticator = JWTRequestAuthenticator()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from rail_django.core.http import refusal_response

        result = self.authenticator.authenticate(request, schema_name=None)
        if result is not None and result.refusal is not None:
            return refusal_response(result.refusal, schema_name=_schema_of(request))
        response = self.get_response(request)
        self.authenticator.finish_response(request, response)
        return response


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

"""Authentication for every Rail Django endpoint: the contracts' authenticator, asked once.

The GraphQL view calls :func:`authenticate_request` before it runs anything; the REST endpoints
and websocket consumers other packages add call the same function, so one decision covers every
endpoint with no ``MIDDLEWARE`` edit::

    refusal = authenticate_request(request, schema_name=name)
    if refusal is not None:
        return refusal_response(refusal, schema_name=name)
    response = ...  # serve the request as request.user
    return finish_response(request, response)

It honours the schema's ``middleware_settings.enable_authentication_middleware`` (the guide's
default ``True``; ``False`` leaves the request with Django's session user and ignores tokens).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from rail_django.contracts.authentication import AuthenticationRefusal, request_authenticator
from rail_django.contracts.settings_registry import settings_registry
from rail_django.core.errors import ErrorPolicy, request_error
from rail_django.core.http.response_json import dumps

__all__ = [
    "authenticate_request",
    "authentication_enabled",
    "finish_response",
    "refusal_response",
]

_DONE_ATTRIBUTE = "_rail_authenticated"


def authentication_enabled(schema_name: str | None) -> bool:
    """Whether ``schema_name``'s ``middleware_settings.enable_authentication_middleware`` is on."""
    resolved = settings_registry.resolve(schema_name)
    if "middleware_settings" not in resolved:
        return True
    return bool(resolved["middleware_settings"].get("enable_authentication_middleware", True))


def authenticate_request(request: Any, *, schema_name: str) -> AuthenticationRefusal | None:
    """Ask the installed authenticator who ``request`` runs as, and set ``request.user``.

    Answers the refusal the endpoint must send (HTTP 401/403, see :func:`refusal_response`), or
    ``None`` to go on. Runs the authenticator at most once per request; when the schema turns
    ``enable_authentication_middleware`` off it reads no token, but its rules on the session
    user (a second factor still due) still apply.
    """
    if getattr(request, _DONE_ATTRIBUTE, False):
        return None
    read_tokens = authentication_enabled(schema_name)
    if read_tokens:  # finish_response then writes what the authenticator staged
        setattr(request, _DONE_ATTRIBUTE, True)
    result = request_authenticator.get().authenticate(
        request, schema_name=schema_name, read_tokens=read_tokens
    )
    if result is None:
        return None
    if result.refusal is not None:
        return result.refusal
    request.user = result.user
    return None


def finish_response(request: Any, response: HttpResponse) -> HttpResponse:
    """Let the authenticator adjust ``response`` (token cookies set by ``login``...)."""
    if getattr(request, _DONE_ATTRIBUTE, False):
        request_authenticator.get().finish_response(request, response)
    return response


def refusal_response(
    refusal: AuthenticationRefusal,
    *,
    schema_name: str | None,
    media_type: str = "application/json",
) -> HttpResponse:
    """The JSON answer ``{"errors": [...]}`` to a refused request, with the schema's code prefix,
    ``extensions.reason`` and the refusal's headers (``WWW-Authenticate``)."""
    error = request_error(refusal.message, refusal.code, ErrorPolicy.for_schema(schema_name))
    if refusal.reason:
        error["extensions"]["reason"] = refusal.reason
    response = HttpResponse(
        dumps({"errors": [error]}),
        status=refusal.status,
        content_type=f"{media_type}; charset=utf-8",
    )
    for header, value in refusal.headers.items():
        response[header] = value
    return response

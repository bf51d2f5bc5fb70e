"""CORS on core's endpoints: asking the contracts' cross-origin policy, answering preflights.

Each endpoint calls :func:`preflight_response` first (a browser's ``OPTIONS`` question carries no
credentials, so it is answered before authentication, rate limits or parsing) and
:func:`add_cross_origin_headers` on whatever it answers, refusals included, so a page allowed to
read the endpoint also reads its 401 or 429.

Nothing happens when the schema's ``middleware_settings.enable_cors_middleware`` is ``False``
or when the installed policy answers ``None`` (the default with rail-django-security absent):
no CORS header at all, and a preflight gets the endpoint's ordinary 405.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from rail_django.contracts.cross_origin import (
    CrossOriginDecision,
    CrossOriginRequest,
    cross_origin_policy,
)
from rail_django.contracts.settings_registry import settings_registry

__all__ = ["add_cross_origin_headers", "cors_middleware_enabled", "preflight_response"]

_DECISION_ATTRIBUTE = "_rail_cross_origin"


def cors_middleware_enabled(schema_name: str | None) -> bool:
    """Whether ``schema_name``'s ``middleware_settings.enable_cors_middleware`` is on."""
    resolved = settings_registry.resolve(schema_name)
    if "middleware_settings" not in resolved:
        return True
    return bool(resolved["middleware_settings"].get("enable_cors_middleware", True))


def _is_preflight(request: Any) -> bool:
    return request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META


def _decision(request: Any, schema_name: str, methods: Sequence[str]) -> CrossOriginDecision | None:
    """The policy's decision for ``request``, asked once per request."""
    if hasattr(request, _DECISION_ATTRIBUTE):
        return getattr(request, _DECISION_ATTRIBUTE)
    decision = None
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None and cors_middleware_enabled(schema_name):
        decision = cross_origin_policy.get().decide(
            request,
            CrossOriginRequest(
                schema_name=schema_name,
                origin=origin,
                preflight=_is_preflight(request),
                methods=tuple(methods),
            ),
        )
    setattr(request, _DECISION_ATTRIBUTE, decision)
    return decision


def preflight_response(
    request: Any, *, schema_name: str, methods: Sequence[str]
) -> HttpResponse | None:
    """The 204 answer to a CORS preflight for ``schema_name``, or ``None`` when ``request`` is
    not one or CORS is not handled for the schema (the endpoint then answers as usual)."""
    if not _is_preflight(request):
        return None
    decision = _decision(request, schema_name, methods)
    if decision is None:
        return None
    response = HttpResponse(status=204)
    return _apply(response, decision)


def add_cross_origin_headers(
    request: Any, response: HttpResponse, *, schema_name: str, methods: Sequence[str]
) -> HttpResponse:
    """``response`` with the CORS headers the policy decided for ``request`` (if any)."""
    decision = _decision(request, schema_name, methods)
    if decision is None:
        return response
    return _apply(response, decision)


def _apply(response: HttpResponse, decision: CrossOriginDecision) -> HttpResponse:
    # The answer depends on the Origin header whether or not this origin is allowed: a shared
    # cache must not hand one origin's answer (or its missing header) to another.
    patch_vary_headers(response, ("Origin",))
    for header, value in decision.headers.items():
        response[header] = value
    return response

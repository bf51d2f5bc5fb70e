"""``AllowListPolicy``: the CORS answers of ``security_settings.enable_cors`` / ``allowed_origins``.

Per schema, read when a request arrives (settings are resolved once and cached by the registry):

- ``enable_cors: False``: CORS is not handled (no CORS header; a preflight gets the endpoint's
  405), so browsers keep other sites out;
- ``allowed_origins: ["*"]`` (the guide's default): every origin reads answers, **never with
  credentials**: ``Access-Control-Allow-Origin: *`` and no ``Access-Control-Allow-Credentials``,
  so a browser sends neither cookies nor HTTP authentication cross-site (a bearer token set by
  the page's own script still works);
- a list of exact origins: a listed origin is echoed with ``Access-Control-Allow-Credentials:
  true`` (cookies included); any other origin, ``null`` included, gets no
  ``Access-Control-Allow-Origin``.

A preflight is told the endpoint's methods, the request headers a client needs
(:data:`ALLOWED_HEADERS`) and ``Access-Control-Max-Age``; an actual answer exposes the rate-limit
headers to the page (:data:`EXPOSED_HEADERS`). Every answer varies on ``Origin`` (core adds it).
"""

from __future__ import annotations

from typing import Any

from rail_django.contracts.cross_origin import CrossOriginDecision, CrossOriginRequest
from rail_django.contracts.settings_registry import settings_registry
from rail_django.security.cross_origin.origin_list import ANY_ORIGIN, allowed_origin

__all__ = ["ALLOWED_HEADERS", "EXPOSED_HEADERS", "MAX_AGE_SECONDS", "AllowListPolicy"]

#: Request headers a cross-origin client may send (django-cors-headers' default set).
ALLOWED_HEADERS = ("accept", "authorization", "content-type", "x-csrftoken", "x-requested-with")
#: Response headers a page may read beyond the CORS-safelisted ones.
EXPOSED_HEADERS = ("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
#: How long a browser may remember a preflight's answer (a day, django-cors-headers' default).
MAX_AGE_SECONDS = 86400


class AllowListPolicy:
    """The contracts' ``CrossOriginPolicy`` for the security settings (module docstring)."""

    def decide(self, request: Any, cross_origin: CrossOriginRequest) -> CrossOriginDecision | None:
        security = settings_registry.resolve(cross_origin.schema_name).sections.get(
            "security_settings"
        )
        if not security or not security.get("enable_cors"):
            return None
        allowed = allowed_origin(tuple(security.get("allowed_origins") or ()), cross_origin.origin)
        if allowed is None:
            return CrossOriginDecision()
        headers = {"Access-Control-Allow-Origin": allowed}
        if allowed != ANY_ORIGIN:
            headers["Access-Control-Allow-Credentials"] = "true"
        if cross_origin.preflight:
            headers["Access-Control-Allow-Methods"] = ", ".join((*cross_origin.methods, "OPTIONS"))
            headers["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_HEADERS)
            headers["Access-Control-Max-Age"] = str(MAX_AGE_SECONDS)
        else:
            headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
        return CrossOriginDecision(headers=headers)

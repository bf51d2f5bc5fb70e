"""OAuth-style tokens for endpoints that want an ``Authorization`` header.

An endpoint with ``auth_token_path`` (the guide's ``rail_django.webhooks.auth.fetch_auth_token``
or your own callable taking the endpoint's settings) gets ``Authorization: Bearer <token>``.
:func:`fetch_auth_token` POSTs ``auth_payload`` as JSON to ``auth_url`` and caches the answer's
``access_token`` in Django's cache for its ``expires_in`` (less a margin). Tokens are never
logged.
"""

from __future__ import annotations

import hashlib
import json
import urllib.request
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.utils.module_loading import import_string

#: Seconds taken off ``expires_in`` so a token is not used in its last moments.
EXPIRY_MARGIN = 30
DEFAULT_LIFETIME = 300


class AuthTokenError(Exception):
    """The token endpoint did not give a token (the message never holds a secret)."""


def _cache_key(endpoint: Mapping[str, Any]) -> str:
    material = json.dumps(
        [endpoint.get("name"), endpoint.get("auth_url"), endpoint.get("auth_payload")],
        sort_keys=True,
    )
    return "rail_webhook_token:" + hashlib.sha256(material.encode()).hexdigest()


def fetch_auth_token(endpoint: Mapping[str, Any], *, timeout: float = 15) -> str:
    """A bearer token for ``endpoint`` from its ``auth_url`` (cached until it expires)."""
    key = _cache_key(endpoint)
    token = cache.get(key)
    if token:
        return token
    request = urllib.request.Request(  # noqa: S310
        endpoint["auth_url"],
        data=json.dumps(endpoint.get("auth_payload") or {}).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the operator's auth_url)
            answer = json.loads(response.read() or b"{}")
    except Exception as exc:
        raise AuthTokenError(
            f"token request to the auth_url failed ({type(exc).__name__})"
        ) from None
    token = answer.get("access_token") or answer.get("token")
    if not token:
        raise AuthTokenError("the auth_url answered without an access_token")
    lifetime = int(answer.get("expires_in") or DEFAULT_LIFETIME)
    cache.set(key, token, max(1, lifetime - EXPIRY_MARGIN))
    return token


def authorization_header(endpoint: Mapping[str, Any], timeout: float) -> dict[str, str]:
    path = endpoint.get("auth_token_path")
    if not path:
        return {}
    provider = import_string(path)
    return {"Authorization": f"Bearer {provider(endpoint, timeout=timeout)}"}

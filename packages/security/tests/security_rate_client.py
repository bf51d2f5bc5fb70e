"""GraphQL over HTTP for the rate-limit tests: the raw response (status and headers matter)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

#: A Redis cache nothing answers for (nothing listens on port 1): the cache outage.
DOWN = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}
LOGIN = 'login(username: "nobody", password: "wrong") { token }'


def send(
    query: str,
    *,
    schema: str = "gql",
    client: Client | None = None,
    address: str = "127.0.0.1",
    **meta: str,
) -> Any:
    """POST ``query`` to ``/graphql/<schema>/`` from ``address``; Django's response."""
    client = client or Client()
    return client.post(
        f"/graphql/{schema}/",
        data=json.dumps({"query": query}),
        content_type="application/json",
        REMOTE_ADDR=address,
        **meta,
    )


def code(response: Any) -> str | None:
    errors = response.json().get("errors") or []
    return (errors[0].get("extensions") or {}).get("code") if errors else None


def logins(count: int) -> str:
    """One mutation document holding ``count`` aliased sign-in attempts."""
    return "mutation {" + " ".join(f"a{i}: {LOGIN}" for i in range(count)) + "}"


def limits(**values: Any) -> dict[str, Any]:
    """``security_settings`` turning the limiter on, with ``values`` on top."""
    return {"security_settings": {"enable_rate_limiting": True, **values}}

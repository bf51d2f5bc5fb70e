"""Drive the authentication API over HTTP like a client: tokens in headers or cookies."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from rail_django.security.auth.middleware import MIDDLEWARE_PATH
from rail_django.testing import GraphQLTestClient, assert_no_errors, error_codes

PASSWORD = "correct horse battery staple"

LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token refreshToken tokenExpiresAt user { username }
  }
}
"""
REFRESH = """
mutation Refresh($refreshToken: String) {
  refreshToken(refreshToken: $refreshToken) { token refreshToken user { username } }
}
"""
LOGOUT = "mutation { logout { success } }"
ME = "{ me { username } }"


@pytest.fixture(params=["endpoint", "middleware"])
def auth_wiring(request, settings):
    """Each test runs twice: as the guide sets a project up (no MIDDLEWARE edit: Rail's endpoint
    reads the token), and with JWTAuthenticationMiddleware added after Django's authentication
    middleware (for non-Rail views). Starts from an empty cache, so login throttling starts
    from zero, and an empty verified-token memory."""
    from rail_django.security.auth import verified_tokens

    cache.clear()
    verified_tokens.clear()
    middleware = list(settings.MIDDLEWARE)
    if request.param == "middleware":
        index = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        middleware.insert(index + 1, MIDDLEWARE_PATH)
        settings.MIDDLEWARE = middleware
    return request.param


def post(
    client: Client,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    schema: str = "gql",
    **headers: str,
) -> Any:
    """POST a GraphQL document; ``token`` goes in ``Authorization: Bearer``. Django's response
    (cookies and status matter here), sent by ``rail_django.testing.GraphQLTestClient``."""
    bearer = {"Authorization": f"Bearer {token}"} if token is not None else {}
    gql = GraphQLTestClient(client, schema=None if schema == "gql" else schema)
    return gql.execute(query, variables, headers=bearer, **headers).http


def answer(response: Any) -> dict[str, Any]:
    """The JSON answer, with each error's code copied to ``error["code"]``."""
    data = response.json()
    for error, code in zip(data.get("errors", []), error_codes(data), strict=True):
        error["code"] = code
    return data


def codes(data: dict[str, Any]) -> list[str | None]:
    return [error["code"] for error in data.get("errors", [])]


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return assert_no_errors(answer(response))


def login(client: Client, username: str, password: str = PASSWORD) -> dict[str, Any]:
    """Log in and return the ``login`` payload (fails the test on an error)."""
    return ok(post(client, LOGIN, {"username": username, "password": password}))["login"]


def refused(response: Any, status: int = 401) -> dict[str, Any]:
    """The single error of a refused request, checked to be UNAUTHENTICATED with ``status``."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    data = answer(response)
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"], data
    return data["errors"][0]


class RecordingSink:
    """An audit sink that keeps the events it is given."""

    def __init__(self) -> None:
        self.events: list[Any] = []

    def record(self, event: Any) -> None:
        self.events.append(event)

    def actions(self) -> list[str]:
        return [event.action for event in self.events]


@pytest.fixture
def audit_events():
    """Collect audit events for the test, then put the previous sink back."""
    from rail_django.contracts.audit import audit_sink

    with audit_sink.swapped(RecordingSink()) as sink:
        yield sink

"""GraphQL over HTTP as the reporting tests' users send it."""

from __future__ import annotations

from typing import Any

from rail_django.testing import GraphQLResponse, GraphQLTestClient

SCHEMA = "rpt"


def post(user: Any, query: str, variables: dict[str, Any] | None = None) -> GraphQLResponse:
    answer = GraphQLTestClient(user=user, schema=SCHEMA).execute(query, variables)
    assert answer.status_code in (200, 400), answer.http.content  # never a 500
    return answer


def data(user: Any, query: str, variables: dict[str, Any] | None = None) -> Any:
    return post(user, query, variables).assert_no_errors()


def refused(user: Any, query: str, variables: dict[str, Any] | None = None) -> tuple[list, str]:
    """(error codes, first message) of a refused request."""
    answer = post(user, query, variables)
    assert answer.errors, dict(answer)
    return answer.error_codes, answer.errors[0]["message"]


def signed_in(user: Any) -> GraphQLTestClient:
    """A client with ``user`` logged in (the login's own SQL happens here, not in the request)."""
    return GraphQLTestClient(user=user, schema=SCHEMA)

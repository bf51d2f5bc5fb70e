"""Sending filtered list queries over HTTP, as a client application does."""

from __future__ import annotations

from typing import Any

from rail_django.testing import GraphQLResponse, GraphQLTestClient, assert_no_errors, error_codes

SCHEMA = "flt"  # served at /graphql/flt/ (see conftest.py)


def post(client: Any, query: str, variables: dict[str, Any] | None = None) -> GraphQLResponse:
    response = GraphQLTestClient(client, schema=SCHEMA).execute(query, variables)
    # 200 for executed requests; 400 for variables the schema's types refuse. Never a 500.
    assert response.status_code in (200, 400), response.http.content
    return response


def items(client: Any, where: Any = None, *, extra: str = "", field: str = "items") -> list[str]:
    """The titles (or names) of the rows of ``field`` matching ``where`` (sorted)."""
    name = "title" if field == "items" else "name"
    query = f"query($where: {_input(field)}) {{ {field}(where: $where{extra}) {{ {name} }} }}"
    data = assert_no_errors(post(client, query, {"where": where}))
    return sorted(row[name] for row in data[field])


def _input(field: str) -> str:
    return {"items": "ItemWhereInput", "vendors": "VendorWhereInput", "labels": "LabelWhereInput"}[
        field
    ]


def refused(client: Any, where: Any, *, field: str = "items") -> tuple[list[str], str]:
    """(codes, first message) of a list query whose where is refused."""
    query = f"query($where: {_input(field)}) {{ {field}(where: $where) {{ id }} }}"
    answer = post(client, query, {"where": where})
    assert answer.get("errors"), answer
    return error_codes(answer), answer["errors"][0]["message"]

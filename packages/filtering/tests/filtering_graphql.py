"""Sending filtered list queries over HTTP, as a client application does."""

from __future__ import annotations

import json
from typing import Any

ENDPOINT = "/graphql/flt/"


def post(client: Any, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    response = client.post(ENDPOINT, data=json.dumps(payload), content_type="application/json")
    # 200 for executed requests; 400 for variables the schema's types refuse. Never a 500.
    assert response.status_code in (200, 400), response.content
    return response.json()


def items(client: Any, where: Any = None, *, extra: str = "", field: str = "items") -> list[str]:
    """The titles (or names) of the rows of ``field`` matching ``where`` (sorted)."""
    name = "title" if field == "items" else "name"
    query = f"query($where: {_input(field)}) {{ {field}(where: $where{extra}) {{ {name} }} }}"
    answer = post(client, query, {"where": where})
    assert "errors" not in answer, answer["errors"]
    return sorted(row[name] for row in answer["data"][field])


def _input(field: str) -> str:
    return {"items": "ItemWhereInput", "vendors": "VendorWhereInput", "labels": "LabelWhereInput"}[
        field
    ]


def error_codes(answer: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in answer.get("errors", [])]


def refused(client: Any, where: Any, *, field: str = "items") -> tuple[list[str], str]:
    """(codes, first message) of a list query whose where is refused."""
    query = f"query($where: {_input(field)}) {{ {field}(where: $where) {{ id }} }}"
    answer = post(client, query, {"where": where})
    assert answer.get("errors"), answer
    return error_codes(answer), answer["errors"][0]["message"]

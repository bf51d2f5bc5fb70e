"""Export over HTTP as the tests' users send it, and the files read back cell by cell."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.test import Client

URL = "/api/v1/export/"
SCHEMA = "exp"


def export_config(**overrides):
    """A ``RAIL_DJANGO_EXPORT`` for the ``exp`` schema with Product allow-listed."""
    values = {
        "schema": SCHEMA,
        "models": {"exportshop.Product": None, "exportshop.Review": {"fields": ["text"]}},
        "rate_limit_requests": 0,
    }
    values.update(overrides)
    return values


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(user: Any, payload: Any, *, client: Client | None = None) -> Any:
    client = client or client_for(user)
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code < 500, response
    return response


def body_of(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response: Any) -> list[list[str]]:
    text = body_of(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_sheet(data: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data)).active


def error_code(response: Any) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


def error_message(response: Any) -> str:
    return response.json()["errors"][0]["message"]

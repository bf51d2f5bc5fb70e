"""Users and clients for the schema management API tests (``/api/v1/``)."""

from __future__ import annotations

from typing import Any

from core_query_client import user_with
from django.test import Client

MANAGE = "rail_django.manage_schema"


def manager(django_user_model: Any, username: str = "ops") -> Any:
    """A user holding the guide's default required permission, and nothing else."""
    return user_with(django_user_model, username, MANAGE)


def signed_in(user: Any, **client_options: Any) -> Client:
    """A test client with ``user``'s session (core alone authenticates with the session)."""
    client = Client(**client_options)
    client.force_login(user)
    return client


def error_code(response: Any) -> str:
    """The ``extensions.code`` of a JSON error answer (which must be exactly one error)."""
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    (error,) = response.json()["errors"]
    return error["extensions"]["code"]

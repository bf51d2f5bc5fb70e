"""Run GraphQL against core's schemas the way a client does, and build users for it.

Requests go over HTTP through ``rail_django.testing.GraphQLTestClient`` (the public helper);
``execute`` runs a freshly built schema without HTTP to see ``RailError`` codes unformatted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, Permission
from django.test import RequestFactory

from rail_django.contracts.error_codes import RailError, format_error_code
from rail_django.core.schema_builder import build_schema
from rail_django.testing import GraphQLTestClient, assert_no_errors


def run(
    query: str,
    *,
    user: Any = None,
    schema: str = "gql",
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """POST ``query`` to ``/graphql/<schema>/`` as ``user`` (anonymous when ``None``); the JSON
    answer with each error's ``extensions.code`` copied to ``errors[i]["code"]``."""
    response = GraphQLTestClient(user=user).execute(
        query, variables, schema=None if schema == "gql" else schema
    )
    assert response.status_code in (200, 400), (response.status_code, response.http.content[:500])
    answer = dict(response)
    for error, code in zip(answer.get("errors", []), response.error_codes, strict=True):
        error["code"] = code
    answer.setdefault("data", None)
    return answer


def execute(query: str, *, user: Any = None, schema: str = "gql") -> dict[str, Any]:
    """Execute ``query`` on a freshly built schema without HTTP (RailError codes kept)."""
    built = build_schema(schema)
    request = RequestFactory().post("/graphql/")
    request.user = user if user is not None else AnonymousUser()
    result = built.execute(query, context_value=request)
    answer: dict[str, Any] = {"data": result.data}
    if result.errors:
        answer["errors"] = [_error(e) for e in result.errors]
    return answer


def _error(error: Any) -> dict[str, Any]:
    original = getattr(error, "original_error", None)
    code = format_error_code(original.code) if isinstance(original, RailError) else None
    return {"message": error.message, "code": code, "path": error.path}


def codes(answer: dict[str, Any]) -> list[str | None]:
    return [e["code"] for e in answer.get("errors", [])]


def ok(answer: dict[str, Any]) -> dict[str, Any]:
    """The data of an answer that must have no errors."""
    return assert_no_errors(answer)


def user_with(django_user_model: Any, username: str, *perms: str, superuser: bool = False) -> Any:
    """A user holding ``perms`` given as ``"app_label.codename"``."""
    if superuser:
        return django_user_model.objects.create_superuser(username, f"{username}@x.test", "pw")
    user = django_user_model.objects.create_user(username, f"{username}@x.test", "pw")
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return django_user_model.objects.get(pk=user.pk)  # fresh: no stale permission cache

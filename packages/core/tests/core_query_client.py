"""Run GraphQL against core's schemas the way a client does, and build users for it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, Permission
from django.test import RequestFactory

from rail_django.contracts.error_codes import RailError, format_error_code
from rail_django.core.schema_builder import build_schema


def run(
    query: str,
    *,
    user: Any = None,
    schema: str = "gql",
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Execute ``query`` on a freshly built ``schema`` as ``user``; the JSON-like result with
    each error's stable code under ``errors[i]["code"]``."""
    built = build_schema(schema)
    request = RequestFactory().post("/graphql/")
    request.user = user if user is not None else AnonymousUser()
    result = built.execute(query, variable_values=variables, context_value=request)
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
    assert "errors" not in answer, answer["errors"]
    return answer["data"]


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

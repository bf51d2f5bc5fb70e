"""GraphQL over HTTP with a session login, and the people and rows of the authorization tests."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from rail_django.security import role_manager
from rail_django.testing import GraphQLTestClient, assert_no_errors


def logged_in(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def gql(query: str, user: Any = None, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST ``query`` to ``/graphql/`` logged in as ``user``; each error's code copied to
    ``error["code"]``."""
    return post(logged_in(user), query, variables)


def post(client: Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST ``query`` with ``client`` (already logged in)."""
    response = GraphQLTestClient(client).execute(query, variables)
    assert response.status_code in (200, 400), response.http.content[:500]
    answer = dict(response)
    for error, code in zip(answer.get("errors", []), response.error_codes, strict=True):
        error["code"] = code
    return answer


def codes(answer: dict[str, Any]) -> list[str | None]:
    return [error["code"] for error in answer.get("errors", [])]


def data(answer: dict[str, Any]) -> dict[str, Any]:
    return assert_no_errors(answer)


def person(username: str, *roles: str, superuser: bool = False) -> Any:
    """A user holding ``roles`` (and no Django permission unless superuser)."""
    users = get_user_model().objects
    if superuser:
        user = users.create_superuser(username, f"{username}@x.test", "pw")
    else:
        user = users.create_user(username, f"{username}@x.test", "pw")
    for role in roles:
        role_manager.assign_role(user, role)
    return user


def make_projects() -> SimpleNamespace:
    """Ann owns Apollo (a task assigned to Bob), Bob owns Borealis, Cy is assigned to Borealis."""
    from security_testapp.models import Project, Task

    ann, bob, cy = (
        person("ann", "project_member"),
        person("bob", "project_member"),
        person("cy", "project_member"),
    )
    apollo = Project.objects.create(name="Apollo", owner=ann, budget=Decimal("100.00"))
    borealis = Project.objects.create(name="Borealis", owner=bob, budget=Decimal("200.00"))
    borealis.assignees.add(cy)
    Task.objects.create(project=apollo, title="apollo-design", assignee=None)
    Task.objects.create(project=apollo, title="apollo-build", assignee=bob)
    Task.objects.create(project=borealis, title="borealis-plan", assignee=None)
    return SimpleNamespace(ann=ann, bob=bob, cy=cy, apollo=apollo, borealis=borealis)

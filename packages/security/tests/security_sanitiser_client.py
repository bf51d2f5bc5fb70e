"""Articles written over HTTP, for the input-sanitising tests: send, then read the database."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from security_testapp.models import Article

from rail_django.testing import GraphQLTestClient, assert_no_errors

CREATE = """
mutation($input: ArticleCreateInput!) {
  createArticle(input: $input) { ok errors article { id title } }
}"""

UPDATE = """
mutation($id: ID!, $input: ArticleUpdateInput!) {
  updateArticle(id: $id, input: $input) { ok errors }
}"""

BULK_CREATE = """
mutation($inputs: [ArticleCreateInput!]!) { bulkCreateArticle(inputs: $inputs) { ok errors } }
"""

BULK_UPDATE = """
mutation($inputs: [ArticleUpdateInput!]!) { bulkUpdateArticle(inputs: $inputs) { ok errors } }
"""

RETITLE = """
mutation($id: ID!, $title: String!, $keywords: [String!]) {
  retitleArticle(id: $id, title: $title, keywords: $keywords) { ok errors }
}"""


def editor() -> Any:
    """A superuser (permissions are not what these tests are about)."""
    users = get_user_model().objects
    found = users.filter(username="editor").first()
    return found or users.create_superuser("editor", "editor@x.test", "pw")


def send(query: str, variables: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """POST as the editor; the single root field's payload."""
    client = Client()
    client.force_login(editor())
    response = GraphQLTestClient(client).execute(query, variables, **extra)
    data = assert_no_errors(dict(response))
    (payload,) = data.values()
    return payload


def create(**fields: Any) -> dict[str, Any]:
    return send(CREATE, {"input": fields})


def stored(pk: Any) -> Article:
    return Article.objects.get(pk=pk)


def errors(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path, code) of each payload error."""
    return [(error["field"], error["code"]) for error in payload["errors"]]


def security(settings: Any, **values: Any) -> None:
    """``values`` as the ``security_settings`` of every schema (bulk mutations generated)."""
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": values,
        "mutation_settings": {"generate_bulk": True},
    }

"""The input-sanitising keys of ``security_settings`` act per schema (see
test_security_per_schema_settings.py): each is set only for schema ``gql``, where the global level
says otherwise, and schema ``strict`` shows the global level still acting there."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from security_authz_client import logged_in, person

pytestmark = pytest.mark.django_db


def per_schema(settings, values: dict[str, Any], **other_schemas: dict[str, Any]) -> None:
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {"security_settings": values},
        **{name: {"security_settings": extra} for name, extra in other_schemas.items()},
    }


_CREATE_ARTICLE = """
mutation($input: ArticleCreateInput!) { createArticle(input: $input) { ok errors article { id } } }
"""


def _sanitising(settings, gql: dict[str, Any], glob: dict[str, Any] | None = None) -> None:
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": glob or {}}
    per_schema(settings, gql, strict={})


def _written(schema: str, **fields: Any) -> Any:
    """Create an article on ``schema`` as a superuser: the stored row, or the payload errors."""
    from security_testapp.models import Article

    users = get_user_model().objects
    root = users.filter(username="root").first() or person("root", superuser=True)
    body = json.dumps({"query": _CREATE_ARTICLE, "variables": {"input": fields}})
    answer = logged_in(root).post(f"/graphql/{schema}/", data=body, content_type="application/json")
    payload = answer.json()["data"]["createArticle"]
    if not payload["ok"]:
        return [error["code"] for error in payload["errors"]]
    return Article.objects.get(pk=payload["article"]["id"])


def test_enable_input_validation_per_schema(settings):
    _sanitising(settings, {"enable_input_validation": True}, {"enable_input_validation": False})
    assert _written("gql", title="<b>x</b>").title == "x"
    assert _written("strict", title="<b>x</b>").title == "<b>x</b>"


def test_enable_xss_protection_per_schema(settings):
    _sanitising(settings, {"enable_xss_protection": True}, {"enable_xss_protection": False})
    assert _written("gql", title="<i>x</i>").title == "x"
    assert _written("strict", title="<i>x</i>").title == "<i>x</i>"


def test_enable_sql_injection_protection_refuses_no_word_in_any_schema(settings):
    # Parameterised queries in every schema, whatever the key says: SQL words are text.
    _sanitising(
        settings,
        {"enable_sql_injection_protection": True},
        {"enable_sql_injection_protection": False},
    )
    text = "'; DROP TABLE x; -- UNION SELECT 1=1"
    assert _written("gql", title=text).title == text
    assert _written("strict", title=text).title == text


def test_input_allow_html_per_schema(settings):
    _sanitising(settings, {"input_allow_html": True})
    assert _written("gql", title="<p>x</p>").title == "<p>x</p>"
    assert _written("strict", title="<p>x</p>").title == "x"


def test_input_allowed_html_tags_per_schema(settings):
    _sanitising(settings, {"input_allowed_html_tags": ["em"]}, {"input_allow_html": True})
    assert _written("gql", title="<em>a</em><p>b</p>").title == "<em>a</em>b"
    assert _written("strict", title="<em>a</em><p>b</p>").title == "<em>a</em><p>b</p>"


def test_input_allowed_html_attributes_per_schema(settings):
    _sanitising(
        settings, {"input_allowed_html_attributes": {"p": ["title"]}}, {"input_allow_html": True}
    )
    sent = '<p class="c" title="t">x</p>'
    assert _written("gql", title=sent).title == '<p title="t">x</p>'
    assert _written("strict", title=sent).title == '<p class="c">x</p>'


def test_input_max_string_length_per_schema(settings):
    _sanitising(settings, {"input_max_string_length": 5})
    assert _written("gql", title="too long") == ["RAIL_GQL_STRING_TOO_LONG"]
    assert _written("strict", title="too long").title == "too long"


def test_input_truncate_long_strings_per_schema(settings):
    _sanitising(settings, {"input_truncate_long_strings": True}, {"input_max_string_length": 5})
    assert _written("gql", title="too long").title == "too l"
    assert _written("strict", title="too long") == ["RAIL_GQL_STRING_TOO_LONG"]


def test_input_failure_severity_per_schema(settings):
    _sanitising(settings, {"input_failure_severity": "low"})
    assert _written("gql", title="<b>x</b>") == ["RAIL_GQL_MARKUP_REFUSED"]
    assert _written("strict", title="<b>x</b>").title == "x"


def test_input_pattern_scan_limit_per_schema(settings):
    _sanitising(settings, {"input_pattern_scan_limit": 10})
    text = "a" * 20 + " <3"
    assert _written("gql", title=text).title == "a" * 20 + " &lt;3"
    assert _written("strict", title=text).title == text

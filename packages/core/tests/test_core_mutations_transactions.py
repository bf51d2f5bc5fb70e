"""Several mutations in one request: each its own transaction, or all in one (transaction_scope)."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run
from core_testapp.models import Tag

from rail_django.contracts.model_events import model_events
from rail_django.contracts.settings_registry import settings_registry

pytestmark = pytest.mark.django_db

THREE = """
mutation {
  a: createTag(input: { name: "a" }) { ok errors }
  b: createTag(input: { name: "%s" }) { ok errors }
  c: createTag(input: { name: "c" }) { ok errors }
}"""

REQUEST_SCOPE = {"mutation_settings": {"transaction_scope": "request"}}


def _ok_flags(data):
    return {key: payload["ok"] for key, payload in data.items()}


def test_by_default_each_mutation_commits_on_its_own(admin_user):
    data = ok(run(THREE % "a", user=admin_user))
    assert _ok_flags(data) == {"a": True, "b": False, "c": True}
    assert data["b"]["errors"][0]["code"] == "RAIL_GQL_CONFLICT"
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["a", "c"]


def test_request_scope_keeps_everything_or_nothing(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL = REQUEST_SCOPE
    data = ok(run(THREE % "a", user=admin_user))
    assert _ok_flags(data) == {"a": True, "b": False, "c": False}
    assert data["b"]["errors"][0]["code"] == "RAIL_GQL_CONFLICT"
    assert data["c"]["errors"] == [
        {
            "field": None,
            "message": "Not run: an earlier mutation of this request failed, so none of the "
            "request's writes were kept.",
            "code": "RAIL_GQL_ROLLED_BACK",
        }
    ]
    assert Tag.objects.count() == 0
    data = ok(run(THREE % "b", user=admin_user))
    assert _ok_flags(data) == {"a": True, "b": True, "c": True}
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["a", "b", "c"]


def test_request_scope_rolls_back_on_a_refused_mutation(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {"transaction_scope": "request", "enable_delete": False}
    }
    tag = Tag.objects.create(name="kept")
    answer = run(
        """mutation($id: ID!) {
          first: updateTag(id: $id, input: { name: "renamed" }) { ok }
          second: deleteTag(id: $id) { ok }
        }""",
        user=admin_user,
        variables={"id": tag.pk},
    )
    assert answer["data"]["first"] == {"ok": True}
    assert codes(answer) == ["RAIL_GQL_OPERATION_DISABLED"]
    tag.refresh_from_db()
    assert tag.name == "kept"


def test_request_scope_follows_fragments_and_skip(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL = REQUEST_SCOPE
    query = """mutation($skipLast: Boolean!) {
      ...First
      last: createTag(input: { name: "last" }) @skip(if: $skipLast) { ok }
    }
    fragment First on Mutation { first: createTag(input: { name: "first" }) { ok } }"""
    assert ok(run(query, user=admin_user, variables={"skipLast": True})) == {"first": {"ok": True}}
    assert list(Tag.objects.values_list("name", flat=True)) == ["first"]
    # The transaction was closed: a later request starts clean.
    assert ok(
        run(query.replace('"first"', '"again"'), user=admin_user, variables={"skipLast": False})
    )
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["again", "first", "last"]


def test_events_are_delivered_only_when_the_request_commits(
    settings, admin_user, django_capture_on_commit_callbacks
):
    settings.RAIL_DJANGO_GRAPHQL = REQUEST_SCOPE
    events = []
    unsubscribe = model_events.subscribe(events.append, models=[Tag])
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run(THREE % "a", user=admin_user)
        assert events == []
        with django_capture_on_commit_callbacks(execute=True):
            run(THREE % "b", user=admin_user)
        assert sorted(e.changed_fields == {"name"} and e.kind for e in events) == ["created"] * 3
    finally:
        unsubscribe()


def test_an_unknown_scope_is_a_check_error(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"transaction_scope": "sometimes"}}
    messages = settings_registry.check()
    assert any("transaction_scope must be 'mutation' or 'request'" in m.msg for m in messages)


@pytest.mark.django_db(transaction=True)
def test_request_scope_with_real_commits(settings, admin_user):
    from django.db import connection

    settings.RAIL_DJANGO_GRAPHQL = REQUEST_SCOPE
    assert _ok_flags(ok(run(THREE % "a", user=admin_user))) == {"a": True, "b": False, "c": False}
    assert not connection.in_atomic_block  # the request's transaction was closed
    assert Tag.objects.count() == 0
    assert _ok_flags(ok(run(THREE % "b", user=admin_user))) == {"a": True, "b": True, "c": True}
    assert not connection.in_atomic_block
    assert Tag.objects.count() == 3

"""authentication_required, require_model_permissions and model_permission_codename."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run, user_with
from core_store_data import make_store

pytestmark = pytest.mark.django_db

QUERY = '{ products(orderBy: ["name"]) { name } }'


def test_anonymous_users_are_refused(settings):
    make_store()
    for query in (QUERY, '{ product(id: "1") { name } }'):
        answer = run(query)
        assert codes(answer) == ["RAIL_GQL_UNAUTHENTICATED"]
        assert list(answer["data"].values()) == [None]


def test_users_without_the_view_permission_are_refused(django_user_model):
    make_store()
    nobody = user_with(django_user_model, "nobody")
    answer = run(QUERY, user=nobody)
    assert codes(answer) == ["RAIL_GQL_PERMISSION_DENIED"]
    assert answer["errors"][0]["message"] == "You do not have permission to view products."
    viewer = user_with(django_user_model, "viewer", "core_testapp.view_product")
    assert len(ok(run(QUERY, user=viewer))["products"]) == 4


def test_the_codename_comes_from_settings(django_user_model, settings):
    make_store()
    viewer = user_with(django_user_model, "viewer", "core_testapp.view_product")
    editor = user_with(django_user_model, "editor", "core_testapp.change_product")
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"model_permission_codename": "change"}}
    assert codes(run(QUERY, user=viewer)) == ["RAIL_GQL_PERMISSION_DENIED"]
    assert len(ok(run(QUERY, user=editor))["products"]) == 4


def test_public_schema_settings(django_user_model, settings):
    make_store()
    nobody = user_with(django_user_model, "nobody")
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"require_model_permissions": False}}
    assert len(ok(run(QUERY, user=nobody))["products"]) == 4
    assert codes(run(QUERY)) == ["RAIL_GQL_UNAUTHENTICATED"]
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {"authentication_required": False},
        "query_settings": {"require_model_permissions": False},
    }
    assert len(ok(run(QUERY))["products"]) == 4


def test_one_refused_field_does_not_hide_the_others(django_user_model):
    make_store()
    viewer = user_with(django_user_model, "viewer", "core_testapp.view_tag")
    answer = run('{ tags(orderBy: ["name"]) { name } products { name } }', user=viewer)
    assert answer["data"]["tags"] == [{"name": "new"}, {"name": "sale"}]
    assert answer["data"]["products"] is None
    assert codes(answer) == ["RAIL_GQL_PERMISSION_DENIED"]

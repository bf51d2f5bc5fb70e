"""A root allow-list bounds what a schema publishes (issue 11).

The guide's ``public`` schema (``query_field_allowlist: ["tags"]`` with
``require_model_permissions: False``) served anonymous ``{ tags { products { price } } }``:
every related model became public through its relations. Models no allow-listed root field
serves keep their view permission.
"""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run, user_with
from core_store_data import make_store

pytestmark = pytest.mark.django_db

PUBLIC = {
    "schema_settings": {"query_field_allowlist": ["tags"], "authentication_required": False},
    "query_settings": {"require_model_permissions": False},
}


@pytest.fixture
def public_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": {}, "public": PUBLIC}
    return "public"


def test_the_allow_listed_root_is_public(public_schema):
    make_store()
    answer = ok(run('{ tags(orderBy: ["name"]) { name } }', schema=public_schema))
    assert answer == {"tags": [{"name": "new"}, {"name": "sale"}]}


def test_relations_to_other_models_keep_their_view_permission(public_schema):
    make_store()
    answer = run(
        "{ tags { name products { name price category { name } } } }", schema=public_schema
    )
    # Anonymous: refused as for any model needing a permission; no product row is sent.
    assert set(codes(answer)) == {"RAIL_GQL_UNAUTHENTICATED"}
    assert "Pixel" not in str(answer["data"]) and "699" not in str(answer["data"])


def test_a_user_with_the_view_permission_follows_the_relation(public_schema, django_user_model):
    make_store()
    viewer = user_with(django_user_model, "viewer", "core_testapp.view_product")
    answer = ok(
        run(
            '{ tags(orderBy: ["name"]) { name products { name } } }',
            user=viewer,
            schema=public_schema,
        )
    )
    assert sorted(p["name"] for p in answer["tags"][1]["products"]) == ["Atlas", "Pixel"]


def test_without_an_allow_list_the_setting_applies_to_every_model(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "open": {
            "schema_settings": {"authentication_required": False},
            "query_settings": {"require_model_permissions": False},
        },
    }
    make_store()
    answer = ok(run('{ tags(orderBy: ["name"]) { products { name } } }', schema="open"))
    assert len(answer["tags"][1]["products"]) == 2


def test_where_through_a_relation_to_a_model_kept_private_is_no_oracle(public_schema):
    make_store()
    probe = '{ tags(where: { products: { price: { gt: "500" } } }) { name } }'
    answer = run(probe, schema=public_schema)
    # The filter input has no field for the relation: nothing to probe prices with.
    assert codes(answer) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert "'products' is not defined by type 'TagWhereInput'" in answer["errors"][0]["message"]

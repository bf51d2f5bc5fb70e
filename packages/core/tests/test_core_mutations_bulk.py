"""bulkCreate/bulkUpdate/bulkDelete: all or nothing, per-item errors, the settings."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run
from core_testapp.models import Category, Tag
from django.db.models.signals import post_save

from rail_django.core.schema_builder import build_schema

pytestmark = pytest.mark.django_db

BULK = {"mutation_settings": {"generate_bulk": True}}

BULK_CREATE = """
mutation($inputs: [CategoryCreateInput!]!) {
  bulkCreateCategory(inputs: $inputs) { ok count errors categories { name } }
}"""


def test_bulk_fields_exist_only_with_generate_bulk(settings):
    assert "bulkCreateCategory" not in str(build_schema("gql"))
    settings.RAIL_DJANGO_GRAPHQL = BULK
    sdl = str(build_schema("gql"))
    for name in ("bulkCreateCategory(", "bulkUpdateCategory(", "bulkDeleteCategory("):
        assert name in sdl


def test_bulk_create_writes_every_item_with_its_signals(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL = BULK
    saved = []

    def on_post(sender, instance, **kwargs):
        saved.append(instance.slug)

    post_save.connect(on_post, sender=Category)
    try:
        items = [{"name": f"C{i}", "slug": f"c{i}"} for i in range(3)]
        payload = ok(run(BULK_CREATE, user=admin_user, variables={"inputs": items}))
    finally:
        post_save.disconnect(on_post, sender=Category)
    result = payload["bulkCreateCategory"]
    assert result["ok"] is True and result["count"] == 3 and result["errors"] == []
    assert [c["name"] for c in result["categories"]] == ["C0", "C1", "C2"]
    assert saved == ["c0", "c1", "c2"]


def test_one_bad_item_writes_nothing_and_the_errors_name_the_items(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL = BULK
    items = [
        {"name": "Good", "slug": "good"},
        {"name": "x" * 101, "slug": "long"},
        {"name": "Twin", "slug": "good"},
    ]
    result = ok(run(BULK_CREATE, user=admin_user, variables={"inputs": items}))[
        "bulkCreateCategory"
    ]
    assert result["ok"] is False and result["count"] == 0 and result["categories"] == []
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("inputs.1.name", "RAIL_GQL_VALIDATION_FAILED"),
        ("inputs.2.slug", "RAIL_GQL_CONFLICT"),
    ]
    assert Category.objects.count() == 0


def test_bulk_update_and_delete(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL = BULK
    a, b = Tag.objects.create(name="a"), Tag.objects.create(name="b")
    query = """mutation($inputs: [TagUpdateInput!]!) {
      bulkUpdateTag(inputs: $inputs) { ok count errors tags { name } } }"""
    inputs = [{"id": a.pk, "name": "A"}, {"id": b.pk, "name": "B"}]
    result = ok(run(query, user=admin_user, variables={"inputs": inputs}))["bulkUpdateTag"]
    assert result["count"] == 2 and [t["name"] for t in result["tags"]] == ["A", "B"]
    bad = [{"id": a.pk, "name": "AA"}, {"id": "4242", "name": "?"}, {"name": "no id"}]
    result = ok(run(query, user=admin_user, variables={"inputs": bad}))["bulkUpdateTag"]
    assert [e["field"] for e in result["errors"]] == ["inputs.1.id", "inputs.2.id"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["A", "B"]
    delete = "mutation($ids: [ID!]!) { bulkDeleteTag(ids: $ids) { ok count errors } }"
    missing = ok(run(delete, user=admin_user, variables={"ids": [a.pk, "999"]}))["bulkDeleteTag"]
    assert missing["ok"] is False and missing["count"] == 0
    assert missing["errors"][0]["field"] == "ids.1" and Tag.objects.count() == 2
    # The guide's example: bulkDeleteProduct(ids: [...]) { count }
    done = ok(run(delete, user=admin_user, variables={"ids": [a.pk, b.pk]}))["bulkDeleteTag"]
    assert done == {"ok": True, "count": 2, "errors": []} and Tag.objects.count() == 0


def test_batch_size_include_exclude_and_enable(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {"generate_bulk": True, "bulk_batch_size": 2}
    }
    items = [{"name": f"C{i}", "slug": f"c{i}"} for i in range(3)]
    answer = run(BULK_CREATE, user=admin_user, variables={"inputs": items})
    assert codes(answer) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "at most 2 per call" in answer["errors"][0]["message"]
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {
            "generate_bulk": True,
            "bulk_include_models": ["core_testapp.Category", "Tag"],
            "bulk_exclude_models": ["core_testapp.tag"],
        }
    }
    sdl = str(build_schema("gql"))
    assert "bulkCreateCategory" in sdl and "bulkCreateTag" not in sdl
    assert "bulkCreateProduct" not in sdl
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {"generate_bulk": True, "enable_bulk_operations": False}
    }
    answer = run(BULK_CREATE, user=admin_user, variables={"inputs": items[:1]})
    assert codes(answer) == ["RAIL_GQL_OPERATION_DISABLED"]
    # Single-object mutations are not bulk operations.
    create = 'mutation { createCategory(input: {name: "One", slug: "one"}) { ok } }'
    assert ok(run(create, user=admin_user))["createCategory"]["ok"] is True


def test_bulk_needs_the_operations_permission(settings, django_user_model):
    from core_query_client import user_with

    settings.RAIL_DJANGO_GRAPHQL = BULK
    viewer = user_with(django_user_model, "viewer", "core_testapp.view_category")
    answer = run(BULK_CREATE, user=viewer, variables={"inputs": [{"name": "A", "slug": "a"}]})
    assert codes(answer) == ["RAIL_GQL_PERMISSION_DENIED"]


def test_bulk_costs_a_fixed_number_of_queries_per_item(settings, admin_user):
    """Per item: one unique-together check and one INSERT; the shared foreign key is looked
    up once for the whole call (and not again by full_clean)."""
    from core_testapp.models import Shelf, Warehouse
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.RAIL_DJANGO_GRAPHQL = BULK
    north = Warehouse.objects.create(name="North")
    query = """mutation($inputs: [ShelfCreateInput!]!) {
      bulkCreateShelf(inputs: $inputs) { ok count shelfs { label warehouse { name } } } }"""

    def queries(labels):
        inputs = [{"label": label, "warehouse": north.pk} for label in labels]
        with CaptureQueriesContext(connection) as captured:
            answer = ok(run(query, user=admin_user, variables={"inputs": inputs}))
        assert answer["bulkCreateShelf"]["count"] == len(labels)
        return len(captured.captured_queries)

    two, six = queries(["a", "b"]), queries(["c", "d", "e", "f", "g", "h"])
    assert six - two == 4 * 2
    assert Shelf.objects.count() == 8

"""Nested relation writes: trees in one transaction, nested error paths, the settings."""

from __future__ import annotations

import pytest
from core_query_client import ok, run, user_with
from core_store_data import make_store
from core_testapp.models import Bin, Shelf, Tag, Warehouse
from django.db.models.signals import post_save

from rail_django.core.schema_builder import build_schema

pytestmark = pytest.mark.django_db

CREATE_WAREHOUSE = """
mutation($input: WarehouseCreateInput!) {
  createWarehouse(input: $input) {
    ok errors
    warehouse { name shelves { label } }
  }
}"""


def _tree(bad_capacity: int = 10) -> dict:
    return {
        "name": "North",
        "shelvesCreate": [
            {"label": "A", "binsCreate": [{"code": "A1", "capacity": 5}]},
            {
                "label": "B",
                "binsCreate": [
                    {"code": "B1", "capacity": 7},
                    {"code": "B2", "capacity": bad_capacity},
                ],
            },
        ],
    }


def test_a_three_level_tree_is_created_in_one_call(admin_user):
    counts: dict[str, int] = {}

    def on_post(sender, instance, created, **kwargs):
        counts[sender.__name__] = counts.get(sender.__name__, 0) + 1

    for model in (Warehouse, Shelf, Bin):
        post_save.connect(on_post, sender=model)
    try:
        payload = ok(run(CREATE_WAREHOUSE, user=admin_user, variables={"input": _tree()}))
    finally:
        for model in (Warehouse, Shelf, Bin):
            post_save.disconnect(on_post, sender=model)
    result = payload["createWarehouse"]
    assert result["errors"] == [] and result["ok"] is True
    assert sorted(s["label"] for s in result["warehouse"]["shelves"]) == ["A", "B"]
    # Each bin hangs on its own shelf, which hangs on the new warehouse.
    placed = Bin.objects.values_list("shelf__warehouse__name", "shelf__label", "code")
    assert sorted(placed) == [("North", "A", "A1"), ("North", "B", "B1"), ("North", "B", "B2")]
    assert counts == {"Warehouse": 1, "Shelf": 2, "Bin": 3}  # one save per object


def test_a_failing_nested_item_rolls_back_its_parents_with_its_path(admin_user):
    payload = ok(run(CREATE_WAREHOUSE, user=admin_user, variables={"input": _tree(500)}))
    result = payload["createWarehouse"]
    assert result["ok"] is False and result["warehouse"] is None
    [error] = result["errors"]
    assert error["field"] == "shelvesCreate.1.binsCreate.1.capacity"
    assert error["code"] == "RAIL_GQL_VALIDATION_FAILED"
    assert "less than or equal to 100" in error["message"]
    assert (Warehouse.objects.count(), Shelf.objects.count(), Bin.objects.count()) == (0, 0, 0)


def test_nested_unique_together_conflict_is_reported_at_the_item(admin_user):
    tree = {"name": "South", "shelvesCreate": [{"label": "A"}, {"label": "A"}]}
    result = ok(run(CREATE_WAREHOUSE, user=admin_user, variables={"input": tree}))
    [error] = result["createWarehouse"]["errors"]
    assert error["field"] == "shelvesCreate.1" and error["code"] == "RAIL_GQL_CONFLICT"
    assert Warehouse.objects.count() == 0


def test_forward_relations_connect_or_create(admin_user):
    north = Warehouse.objects.create(name="North")
    query = """mutation($input: ShelfCreateInput!) {
      createShelf(input: $input) { ok errors shelf { label warehouse { name } } } }"""
    by_id = ok(
        run(query, user=admin_user, variables={"input": {"label": "A", "warehouse": north.pk}})
    )
    assert by_id["createShelf"]["shelf"]["warehouse"] == {"name": "North"}
    created = ok(
        run(
            query,
            user=admin_user,
            variables={"input": {"label": "B", "warehouseCreate": {"name": "East"}}},
        )
    )
    assert created["createShelf"]["shelf"]["warehouse"] == {"name": "East"}
    both = ok(
        run(
            query,
            user=admin_user,
            variables={
                "input": {"label": "C", "warehouse": north.pk, "warehouseCreate": {"name": "W"}}
            },
        )
    )["createShelf"]
    assert both["errors"][0]["field"] == "warehouseCreate"
    assert both["errors"][0]["code"] == "RAIL_GQL_INVALID_ARGUMENT"
    neither = ok(run(query, user=admin_user, variables={"input": {"label": "D"}}))["createShelf"]
    assert neither["errors"][0]["field"] == "warehouse"
    bad_child = ok(
        run(
            query,
            user=admin_user,
            variables={"input": {"label": "E", "warehouseCreate": {"name": "N" * 41}}},
        )
    )["createShelf"]
    assert bad_child["errors"][0]["field"] == "warehouseCreate.name"
    assert Warehouse.objects.count() == 2 and Shelf.objects.count() == 2


UPDATE_PRODUCT_TAGS = """
mutation($id: ID!, $input: ProductUpdateInput!) {
  updateProduct(id: $id, input: $input) { ok errors product { tags { name } } }
}"""


def test_many_to_many_set_add_remove_create(admin_user):
    store = make_store()
    extra = Tag.objects.create(name="extra")

    def update(data):
        answer = run(
            UPDATE_PRODUCT_TAGS, user=admin_user, variables={"id": store.Pixel.pk, "input": data}
        )
        return ok(answer)["updateProduct"]

    def names(result):
        return sorted(t["name"] for t in result["product"]["tags"])

    assert names(update({"tagsRemove": [store.sale.pk], "tagsAdd": [extra.pk]})) == ["extra", "new"]
    result = update({"tags": [store.sale.pk], "tagsCreate": [{"name": "fresh"}]})
    assert names(result) == ["fresh", "sale"]
    bad = update({"tagsCreate": [{"name": "ok"}, {"name": "sale"}]})
    assert [(e["field"], e["code"]) for e in bad["errors"]] == [
        ("tagsCreate.1.name", "RAIL_GQL_CONFLICT")
    ]
    assert not Tag.objects.filter(name="ok").exists()  # rolled back with its sibling


def test_reverse_foreign_key_set_add_remove(admin_user):
    shelf = Shelf.objects.create(warehouse=Warehouse.objects.create(name="N"), label="A")
    b1, b2, b3 = (Bin.objects.create(code=f"b{i}", capacity=1) for i in (1, 2, 3))
    query = """mutation($id: ID!, $input: ShelfUpdateInput!) {
      updateShelf(id: $id, input: $input) { ok errors shelf { bins { code } } } }"""

    def update(data):
        return ok(run(query, user=admin_user, variables={"id": shelf.pk, "input": data}))[
            "updateShelf"
        ]

    def codes_of(result):
        return sorted(b["code"] for b in result["shelf"]["bins"])

    assert codes_of(update({"binsAdd": [b1.pk, b2.pk]})) == ["b1", "b2"]
    assert codes_of(update({"binsRemove": [b1.pk]})) == ["b2"]
    assert codes_of(update({"bins": [b3.pk, b1.pk]})) == ["b1", "b3"]
    not_mine = update({"binsRemove": [b2.pk]})
    assert not_mine["errors"][0]["field"] == "binsRemove.0"
    b2.refresh_from_db()
    assert b2.shelf_id is None


def test_nested_settings_shape_the_inputs(settings):
    sdl = str(build_schema("gql"))
    assert "shelvesCreate: [WarehouseShelvesCreateInput!]" in sdl
    assert "shelvesRemove" not in sdl  # Shelf.warehouse is not nullable: no orphans
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"enable_nested_relations": False}}
    sdl = str(build_schema("gql"))
    assert "shelvesCreate" not in sdl and "tagsAdd" not in sdl
    assert "tags: [ID!]" in sdl  # plain ids stay
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {
            "nested_relations_config": {"core_testapp.Warehouse": {"enabled": False}},
            "nested_field_config": {"core_testapp.Shelf": {"bins": {"operations": ["add"]}}},
        }
    }
    sdl = str(build_schema("gql"))
    assert "shelvesCreate" not in sdl and "tagsAdd" in sdl
    shelf_update = sdl[sdl.index("input ShelfUpdateInput") :]
    shelf_update = shelf_update[: shelf_update.index("\n}")]
    assert "binsAdd" in shelf_update and "binsCreate" not in shelf_update
    assert "binsRemove" not in shelf_update


def test_nested_creates_need_the_related_models_permission(django_user_model):
    user = user_with(django_user_model, "keeper", "core_testapp.add_warehouse")
    tree = {"name": "West", "shelvesCreate": [{"label": "A"}]}
    result = ok(run(CREATE_WAREHOUSE, user=user, variables={"input": tree}))
    [error] = result["createWarehouse"]["errors"]
    assert error["field"] == "shelvesCreate" and error["code"] == "RAIL_GQL_PERMISSION_DENIED"
    assert Warehouse.objects.count() == 0


class HideSecret:
    """An object-level scope: nobody reaches tags named "secret" or bins coded "hidden"."""

    name = "test_hide_secret"

    def apply(self, queryset, request):
        if queryset.model is Tag:
            return queryset.exclude(name="secret")
        if queryset.model is Bin:
            return queryset.exclude(code="hidden")
        return queryset


def test_replacing_a_set_keeps_links_the_user_cannot_see(admin_user):
    from rail_django.contracts.queryset_pipeline import Phase, queryset_pipeline

    store = make_store()
    secret = Tag.objects.create(name="secret")
    store.Pixel.tags.add(secret)
    shelf = Shelf.objects.create(warehouse=Warehouse.objects.create(name="N"), label="A")
    Bin.objects.create(code="hidden", capacity=1, shelf=shelf)
    seen = Bin.objects.create(code="seen", capacity=1, shelf=shelf)
    queryset_pipeline.register(HideSecret(), Phase.SCOPE)
    try:
        answer = run(
            UPDATE_PRODUCT_TAGS,
            user=admin_user,
            variables={"id": store.Pixel.pk, "input": {"tags": [store.sale.pk]}},
        )
        assert ok(answer)["updateProduct"]["ok"] is True
        query = """mutation($id: ID!) {
          updateShelf(id: $id, input: { bins: [] }) { ok errors } }"""
        assert ok(run(query, user=admin_user, variables={"id": shelf.pk}))["updateShelf"]["ok"]
    finally:
        queryset_pipeline.unregister("test_hide_secret")
    assert sorted(store.Pixel.tags.values_list("name", flat=True)) == ["sale", "secret"]
    assert list(shelf.bins.values_list("code", flat=True)) == ["hidden"]
    seen.refresh_from_db()
    assert seen.shelf_id is None


def test_malformed_nested_settings_are_check_errors(settings):
    from rail_django.contracts.settings_registry import settings_registry

    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {
            "nested_relations_config": {"core_testapp.Shelf": {"enable": False}},
            "nested_field_config": {"core_testapp.Shelf": {"bins": {"operations": ["move"]}}},
        }
    }
    messages = " ".join(m.msg for m in settings_registry.check())
    assert "nested_relations_config['core_testapp.Shelf']" in messages
    assert "nested_field_config['core_testapp.Shelf']" in messages
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {
            "nested_relations_config": {"Shelf": {"fields": ["bins"]}, "Bin": False},
            "nested_field_config": {"Shelf": {"bins": {"operations": ["add", "remove"]}}},
        }
    }
    assert "nested" not in " ".join(m.msg for m in settings_registry.check())

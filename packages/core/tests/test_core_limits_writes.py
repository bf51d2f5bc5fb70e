"""Write amplification limits (issue 11): nested list sizes, rows written per request, and
mutation fields per operation, each refused with its own code and nothing left written."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run
from core_store_data import make_store
from core_testapp.models import Product, Shelf, Tag, Warehouse

pytestmark = pytest.mark.django_db

CREATE_WAREHOUSE = """
mutation($input: WarehouseCreateInput!) { createWarehouse(input: $input) { ok errors } }"""
UPDATE_PRODUCT = """
mutation($id: ID!, $input: ProductUpdateInput!) { updateProduct(id: $id, input: $input) {
  ok errors } }"""


def _shelves(count: int) -> dict:
    return {"name": "North", "shelvesCreate": [{"label": f"S{i}"} for i in range(count)]}


def test_a_nested_create_list_over_the_cap_is_refused_before_writing(admin_user):
    answer = ok(run(CREATE_WAREHOUSE, user=admin_user, variables={"input": _shelves(101)}))
    payload = answer["createWarehouse"]
    assert payload["ok"] is False
    assert payload["errors"] == [
        {
            "field": "shelvesCreate",
            "message": "This list holds 101 items; at most 100 are allowed "
            "(mutation_settings.max_nested_items).",
            "code": "RAIL_GQL_TOO_MANY_ITEMS",
        }
    ]
    assert Warehouse.objects.count() == 0 and Shelf.objects.count() == 0
    assert ok(run(CREATE_WAREHOUSE, user=admin_user, variables={"input": _shelves(100)}))[
        "createWarehouse"
    ]["ok"]
    assert Shelf.objects.count() == 100


def test_to_many_id_lists_are_capped_too(admin_user, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"max_nested_items": 2}}
    store = make_store()
    extra = Tag.objects.create(name="extra")
    ids = [store.new.pk, store.sale.pk, extra.pk]
    for key in ("tags", "tagsAdd", "tagsRemove"):
        answer = ok(
            run(
                UPDATE_PRODUCT,
                user=admin_user,
                variables={"id": store.Pixel.pk, "input": {key: ids}},
            )
        )
        errors = answer["updateProduct"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [(key, "RAIL_GQL_TOO_MANY_ITEMS")]
    assert sorted(store.Pixel.tags.values_list("name", flat=True)) == ["new", "sale"]


def test_rows_written_per_request_are_counted_across_aliased_mutations(admin_user, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"max_rows_written_per_request": 25}}
    # Two aliased creates of 1 warehouse + 10 shelves each: 22 rows, within the ceiling.
    two = (
        "mutation($a: WarehouseCreateInput!, $b: WarehouseCreateInput!) {"
        " a: createWarehouse(input: $a) { ok } b: createWarehouse(input: $b) { ok } }"
    )

    def tree(name: str, shelves: int) -> dict:
        return {"name": name, "shelvesCreate": [{"label": f"S{i}"} for i in range(shelves)]}

    answer = ok(run(two, user=admin_user, variables={"a": tree("A", 10), "b": tree("B", 10)}))
    assert answer == {"a": {"ok": True}, "b": {"ok": True}}
    Shelf.objects.all().delete()
    Warehouse.objects.all().delete()
    # 11 + 11 + 11 > 25: the field that crosses the ceiling is refused and rolled back.
    three = two.replace(
        "$b: WarehouseCreateInput!)", "$b: WarehouseCreateInput!, $c: WarehouseCreateInput!)"
    ).replace(
        "b: createWarehouse(input: $b) { ok } }",
        "b: createWarehouse(input: $b) { ok } c: createWarehouse(input: $c) { ok } }",
    )
    answer = run(
        three,
        user=admin_user,
        variables={"a": tree("A", 10), "b": tree("B", 10), "c": tree("C", 10)},
    )
    assert answer["data"]["a"] == {"ok": True} and answer["data"]["b"] == {"ok": True}
    assert answer["data"]["c"] is None
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_WRITES"]
    assert answer["errors"][0]["extensions"]["maxRowsWritten"] == 25
    assert answer["errors"][0]["extensions"]["category"] == "limit"
    assert sorted(Warehouse.objects.values_list("name", flat=True)) == ["A", "B"]
    assert Shelf.objects.count() == 20


def test_links_count_as_rows_written(admin_user, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"max_rows_written_per_request": 2}}
    store = make_store()
    extra = Tag.objects.create(name="extra")
    answer = run(
        UPDATE_PRODUCT,
        user=admin_user,
        variables={"id": store.Atlas.pk, "input": {"tagsAdd": [store.new.pk, extra.pk]}},
    )
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_WRITES"]  # the product row + two links
    assert list(Product.objects.get(pk=store.Atlas.pk).tags.values_list("name", flat=True)) == [
        "sale"
    ]


def test_mutation_root_fields_are_limited_per_operation(admin_user):
    fields = " ".join(f'm{i}: createTag(input: {{ name: "t{i}" }}) {{ ok }}' for i in range(11))
    answer = run(f"mutation {{ {fields} }}", user=admin_user)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_MUTATIONS"]
    assert answer["data"] is None
    assert "max_mutation_fields" in answer["errors"][0]["message"]
    assert Tag.objects.count() == 0
    # Through a fragment spread at the root too.
    spread = (
        "mutation { ...M } fragment M on Mutation { "
        + " ".join(f'm{i}: createTag(input: {{ name: "t{i}" }}) {{ ok }}' for i in range(11))
        + " }"
    )
    assert codes(run(spread, user=admin_user)) == ["RAIL_GQL_TOO_MANY_MUTATIONS"]
    ten = " ".join(f'm{i}: createTag(input: {{ name: "t{i}" }}) {{ ok }}' for i in range(10))
    assert len(ok(run(f"mutation {{ {ten} __typename }}", user=admin_user))) == 11
    assert Tag.objects.count() == 10

"""Ids no column can hold and strings no database can store answer clean errors (issue 11).

Each case answered ``RAIL_GQL_INTERNAL_ERROR``: the value reached the database driver, which
failed (SQLite: ``OverflowError``; PostgreSQL: ``bigint out of range`` or an encoding error).
"""

from __future__ import annotations

import pytest
from core_query_client import run
from core_store_data import make_store
from core_testapp.models import Product, Shelf, Tag, Warehouse

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999999"


def _payload_codes(answer: dict, field: str) -> list[str]:
    assert "errors" not in answer, answer
    return [e["code"] for e in answer["data"][field]["errors"]]


def test_out_of_range_ids_in_delete_and_updates_are_not_found(admin_user):
    answer = run(f'mutation {{ deleteTag(id: "{HUGE}") {{ ok errors }} }}', user=admin_user)
    assert _payload_codes(answer, "deleteTag") == ["RAIL_GQL_NOT_FOUND"]
    answer = run(
        f'mutation {{ updateTag(id: "{HUGE}", input: {{ name: "x" }}) {{ ok errors }} }}',
        user=admin_user,
    )
    assert _payload_codes(answer, "updateTag") == ["RAIL_GQL_NOT_FOUND"]


def test_out_of_range_foreign_keys_and_set_members_are_not_found(admin_user):
    store = make_store()
    query = """mutation($input: ShelfCreateInput!) { createShelf(input: $input) { ok errors } }"""
    answer = run(query, user=admin_user, variables={"input": {"label": "A", "warehouse": HUGE}})
    assert _payload_codes(answer, "createShelf") == ["RAIL_GQL_NOT_FOUND"]
    update = """mutation($id: ID!, $input: ProductUpdateInput!) {
      updateProduct(id: $id, input: $input) { ok errors } }"""
    for key in ("tagsAdd", "tagsRemove", "tags"):
        answer = run(
            update, user=admin_user, variables={"id": store.Pixel.pk, "input": {key: [HUGE]}}
        )
        assert _payload_codes(answer, "updateProduct") == ["RAIL_GQL_NOT_FOUND"], key
    assert sorted(Product.objects.get(pk=store.Pixel.pk).tags.values_list("name", flat=True)) == [
        "new",
        "sale",
    ]
    assert not Shelf.objects.exists() and Warehouse.objects.count() == 0


def test_a_lone_surrogate_is_a_validation_error(admin_user):
    query = """mutation($input: TagCreateInput!) { createTag(input: $input) { ok errors } }"""
    answer = run(query, user=admin_user, variables={"input": {"name": "bad \ud800 name"}})
    codes = [e.get("code") for e in answer.get("errors", [])]
    if answer.get("data") and answer["data"].get("createTag"):
        codes += [e["code"] for e in answer["data"]["createTag"]["errors"]]
    assert codes and "RAIL_GQL_INTERNAL_ERROR" not in codes, answer
    assert set(codes) <= {"RAIL_GQL_VALIDATION_FAILED", "RAIL_GQL_INVALID_ARGUMENT"}, answer
    assert not Tag.objects.filter(name__startswith="bad").exists()


def test_out_of_range_ids_in_bulk_delete_are_not_found(admin_user, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"generate_bulk": True}}
    tag = Tag.objects.create(name="kept")
    query = "mutation($ids: [ID!]!) { bulkDeleteTag(ids: $ids) { ok count errors } }"
    answer = run(query, user=admin_user, variables={"ids": [str(tag.pk), HUGE]})
    assert _payload_codes(answer, "bulkDeleteTag") == ["RAIL_GQL_NOT_FOUND"]
    assert Tag.objects.filter(pk=tag.pk).exists()  # all or nothing

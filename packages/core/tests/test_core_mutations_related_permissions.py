"""Links written through a mutation need view permission on the model they point at.

A user who may not view categories must not link a product to one, nor learn which category ids
exist: a forbidden id answers exactly like a missing one (issue 11). Tags (to-many) likewise.
"""

from __future__ import annotations

import pytest
from core_query_client import run, user_with
from core_store_data import make_store
from core_testapp.models import Shelf, Warehouse

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: ShelfCreateInput!) {
  createShelf(input: $input) { ok errors }
}"""
UPDATE = """
mutation($id: ID!, $input: ProductUpdateInput!) {
  updateProduct(id: $id, input: $input) { ok errors }
}"""


@pytest.fixture
def writer(django_user_model):
    # May write shelves and products, may not view warehouses or tags.
    return user_with(
        django_user_model,
        "writer",
        "core_testapp.add_shelf",
        "core_testapp.view_shelf",
        "core_testapp.change_product",
        "core_testapp.view_product",
    )


def _errors(answer: dict, field: str) -> list:
    assert "errors" not in answer, answer
    return answer["data"][field]["errors"]


def test_a_foreign_key_to_a_model_the_user_may_not_view_answers_like_a_missing_id(writer):
    north = Warehouse.objects.create(name="North")
    existing = run(CREATE, user=writer, variables={"input": {"label": "A", "warehouse": north.pk}})
    missing = run(CREATE, user=writer, variables={"input": {"label": "A", "warehouse": 987654}})
    assert _errors(existing, "createShelf") == _errors(missing, "createShelf")
    assert _errors(existing, "createShelf") == [
        {
            "field": "warehouse",
            "message": "No warehouse with this id.",
            "code": "RAIL_GQL_NOT_FOUND",
        }
    ]
    assert not Shelf.objects.exists()


def test_to_many_links_need_view_permission_too(writer):
    store = make_store()
    pixel = store.Pixel
    answer = run(
        UPDATE, user=writer, variables={"id": pixel.pk, "input": {"tagsAdd": [store.new.pk]}}
    )
    errors = _errors(answer, "updateProduct")
    assert [e["code"] for e in errors] == ["RAIL_GQL_NOT_FOUND"]
    assert errors[0]["message"] == "No tag with this id."
    answer = run(UPDATE, user=writer, variables={"id": pixel.pk, "input": {"tags": [store.new.pk]}})
    assert [e["code"] for e in _errors(answer, "updateProduct")] == ["RAIL_GQL_NOT_FOUND"]
    assert sorted(pixel.tags.values_list("name", flat=True)) == ["new", "sale"]


def test_with_view_permission_the_links_are_written(writer, django_user_model):
    from django.contrib.auth.models import Permission

    store = make_store()
    north = Warehouse.objects.create(name="North")
    for codename in ("view_warehouse", "view_tag"):
        writer.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="core_testapp")
        )
    writer = django_user_model.objects.get(pk=writer.pk)
    answer = run(CREATE, user=writer, variables={"input": {"label": "A", "warehouse": north.pk}})
    assert _errors(answer, "createShelf") == []
    assert Shelf.objects.get().warehouse == north
    answer = run(
        UPDATE, user=writer, variables={"id": store.Pixel.pk, "input": {"tagsAdd": [store.new.pk]}}
    )
    assert _errors(answer, "updateProduct") == []

"""create/update/delete: inputs, validation errors with paths, partial updates, scoping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_query_client import codes, ok, run
from core_store_data import make_store
from core_testapp.models import Category, Customer, Order, Product, Tag, Warehouse
from django.db.models.signals import post_save, pre_save

from rail_django.contracts.model_events import model_events
from rail_django.contracts.queryset_pipeline import Phase, queryset_pipeline
from rail_django.core.schema_builder import build_schema

pytestmark = pytest.mark.django_db

CREATE_CATEGORY = """
mutation($input: CategoryCreateInput!) {
  createCategory(input: $input) { ok errors category { id name slug } }
}"""


def _input_block(sdl: str, name: str) -> str:
    start = sdl.index(f"input {name} {{")
    return sdl[start : sdl.index("\n}", start)]


def test_the_guides_create_mutation_answers_ok_the_object_and_errors(admin_user):
    answer = run(
        """mutation { createTag(input: { name: "New Item" }) { ok tag { id name } errors } }""",
        user=admin_user,
    )
    payload = ok(answer)["createTag"]
    assert payload["ok"] is True and payload["errors"] == []
    tag = Tag.objects.get()
    assert payload["tag"] == {"id": str(tag.pk), "name": "New Item"}


def test_inputs_follow_the_model():
    sdl = str(build_schema("gql"))
    create = _input_block(sdl, "ProductCreateInput")
    # Required: no default and not blank; optional otherwise; read-only/excluded/auto absent.
    assert "name: String!" in create and "price: Decimal!" in create and "slug: String!" in create
    assert "isActive: Boolean\n" in create and "status: ProductStatusChoices\n" in create
    assert "category: ID\n" in create and "tags: [ID!]" in create and "uuid: UUID\n" in create
    for absent in ("sku", "costPrice", "supplierNotes", "createdAt", " id:"):
        assert absent not in create
    update = _input_block(sdl, "ProductUpdateInput")
    assert "name: String\n" in update and "price: Decimal\n" in update and "id: ID" in update
    assert "sku" not in update


def test_validation_errors_are_listed_with_paths_and_nothing_is_written(admin_user):
    Category.objects.create(name="Phones", slug="phones")
    answer = run(
        CREATE_CATEGORY,
        user=admin_user,
        variables={"input": {"name": "x" * 101, "slug": "phones"}},
    )
    payload = ok(answer)["createCategory"]
    assert payload["ok"] is False and payload["category"] is None
    by_field = {e["field"]: e for e in payload["errors"]}
    assert set(by_field) == {"name", "slug"}
    assert by_field["name"]["code"] == "RAIL_GQL_VALIDATION_FAILED"
    assert "at most 100 characters" in by_field["name"]["message"]
    assert by_field["slug"]["code"] == "RAIL_GQL_CONFLICT"
    assert Category.objects.count() == 1


def test_decimal_digits_and_unique_together_are_checked(admin_user):
    warehouse = Warehouse.objects.create(name="North")
    query = """mutation($input: ShelfCreateInput!) {
      createShelf(input: $input) { ok errors shelf { label } } }"""
    first = ok(
        run(query, user=admin_user, variables={"input": {"warehouse": warehouse.pk, "label": "A"}})
    )
    assert first["createShelf"]["ok"] is True
    again = ok(
        run(query, user=admin_user, variables={"input": {"warehouse": warehouse.pk, "label": "A"}})
    )
    [error] = again["createShelf"]["errors"]
    assert error["field"] is None and error["code"] == "RAIL_GQL_CONFLICT"
    assert "Warehouse and Label already exists" in error["message"]
    product = ok(
        run(
            """mutation { createVoucher(input: { code: "BIG", amount: "12345.678" }) {
                ok errors } }""",
            user=admin_user,
        )
    )["createVoucher"]
    assert product["ok"] is False
    assert {e["field"] for e in product["errors"]} == {"amount"}


def test_a_missing_required_input_is_a_graphql_error(admin_user):
    answer = run('mutation { createCategory(input: { name: "Phones" }) { ok } }', user=admin_user)
    assert codes(answer) == ["RAIL_GQL_VALIDATION_FAILED"]
    assert "slug" in answer["errors"][0]["message"]
    assert Category.objects.count() == 0


def test_signals_fire_once_per_saved_object_and_events_after_commit(
    admin_user, django_capture_on_commit_callbacks
):
    seen: list[str] = []
    events = []
    unsubscribe = model_events.subscribe(events.append, models=[Category])

    def on_pre(sender, instance, **kwargs):
        seen.append(f"pre:{instance.slug}")

    def on_post(sender, instance, created, **kwargs):
        seen.append(f"post:{instance.slug}:{created}")

    pre_save.connect(on_pre, sender=Category)
    post_save.connect(on_post, sender=Category)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            answer = run(
                CREATE_CATEGORY,
                user=admin_user,
                variables={"input": {"name": "Phones", "slug": "phones"}},
            )
            assert events == []  # nothing is announced before the commit
        assert ok(answer)["createCategory"]["ok"] is True
        assert seen == ["pre:phones", "post:phones:True"]
        assert callbacks  # the event went through on_commit (the sign-in adds its own)
        [event] = events
        assert event.kind == "created" and event.pk == Category.objects.get().pk
        assert event.changed_fields == {"name", "slug"} and event.actor == admin_user
        with django_capture_on_commit_callbacks(execute=True):
            failed = run(
                CREATE_CATEGORY,
                user=admin_user,
                variables={"input": {"name": "Again", "slug": "phones"}},
            )
        assert ok(failed)["createCategory"]["ok"] is False
        assert len(events) == 1  # a failed write announces nothing
    finally:
        pre_save.disconnect(on_pre, sender=Category)
        post_save.disconnect(on_post, sender=Category)
        unsubscribe()


UPDATE_PRODUCT = """
mutation($id: ID!, $input: ProductUpdateInput!) {
  updateProduct(id: $id, input: $input) {
    ok errors product { name price status category { name } tags { name } }
  }
}"""


def test_partial_update_leaves_absent_keys_and_null_clears(admin_user):
    store = make_store()
    pixel = store.Pixel
    answer = run(
        UPDATE_PRODUCT,
        user=admin_user,
        variables={"id": pixel.pk, "input": {"price": "89.99", "category": None, "tags": []}},
    )
    payload = ok(answer)["updateProduct"]
    assert payload["errors"] == [] and payload["ok"] is True
    assert payload["product"] == {
        "name": "Pixel",
        "price": "89.99",
        "status": "ACTIVE",
        "category": None,
        "tags": [],
    }
    pixel.refresh_from_db()
    assert pixel.price == Decimal("89.99") and pixel.category is None and pixel.name == "Pixel"
    # null on a column that may not be null is a validation error at that path.
    refused = ok(
        run(UPDATE_PRODUCT, user=admin_user, variables={"id": pixel.pk, "input": {"name": None}})
    )["updateProduct"]
    assert refused["ok"] is False and refused["errors"][0]["field"] == "name"
    pixel.refresh_from_db()
    assert pixel.name == "Pixel"


def test_choices_and_relations_by_id(admin_user):
    store = make_store()
    answer = run(
        UPDATE_PRODUCT,
        user=admin_user,
        variables={
            "id": store.Atlas.pk,
            "input": {
                "status": "ARCHIVED",
                "category": str(store.phones.pk),
                "tags": [store.new.pk],
            },
        },
    )
    product = ok(answer)["updateProduct"]["product"]
    assert product["status"] == "ARCHIVED" and product["category"] == {"name": "Phones"}
    assert product["tags"] == [{"name": "new"}]
    unknown = ok(
        run(
            UPDATE_PRODUCT,
            user=admin_user,
            variables={
                "id": store.Atlas.pk,
                "input": {"category": "999", "tags": [store.new.pk, "x"]},
            },
        )
    )["updateProduct"]
    assert {(e["field"], e["code"]) for e in unknown["errors"]} == {
        ("category", "RAIL_GQL_NOT_FOUND"),
    }
    tags_only = ok(
        run(
            UPDATE_PRODUCT,
            user=admin_user,
            variables={"id": store.Atlas.pk, "input": {"tags": [store.new.pk, "x"]}},
        )
    )["updateProduct"]
    assert [(e["field"], e["code"]) for e in tags_only["errors"]] == [
        ("tags.1", "RAIL_GQL_NOT_FOUND")
    ]
    assert list(store.Atlas.tags.values_list("name", flat=True)) == ["new"]  # unchanged


def test_input_id_is_accepted_and_must_match(admin_user):
    tag = Tag.objects.create(name="old")
    query = """mutation($id: ID!, $input: TagUpdateInput!) {
      updateTag(id: $id, input: $input) { ok errors tag { name } } }"""
    same = ok(
        run(
            query,
            user=admin_user,
            variables={"id": tag.pk, "input": {"id": str(tag.pk), "name": "new"}},
        )
    )
    assert same["updateTag"]["tag"] == {"name": "new"}
    other = ok(
        run(query, user=admin_user, variables={"id": tag.pk, "input": {"id": "999", "name": "x"}})
    )
    assert other["updateTag"]["ok"] is False
    assert other["updateTag"]["errors"][0]["field"] == "id"
    tag.refresh_from_db()
    assert tag.name == "new"


class HideArchived:
    """An object-level scope: nobody reaches archived products."""

    name = "test_hide_archived"

    def apply(self, queryset, request):
        if queryset.model is Product:
            return queryset.exclude(status="archived")
        return queryset


def test_an_out_of_scope_row_looks_exactly_like_a_missing_one(admin_user):
    store = make_store()
    queryset_pipeline.register(HideArchived(), Phase.SCOPE)
    try:
        hidden = run(
            UPDATE_PRODUCT,
            user=admin_user,
            variables={"id": store.Nokia.pk, "input": {"name": "N"}},
        )
        missing = run(
            UPDATE_PRODUCT, user=admin_user, variables={"id": 98765, "input": {"name": "N"}}
        )
        malformed = run(
            UPDATE_PRODUCT, user=admin_user, variables={"id": "abc", "input": {"name": "N"}}
        )
        assert hidden == missing == malformed
        assert ok(hidden)["updateProduct"]["errors"] == [
            {"field": "id", "message": "No product with this id.", "code": "RAIL_GQL_NOT_FOUND"}
        ]
        deleted = ok(
            run(
                f'mutation {{ deleteProduct(id: "{store.Nokia.pk}") {{ ok errors }} }}',
                user=admin_user,
            )
        )
        assert deleted["deleteProduct"]["ok"] is False
        # Connecting to an out-of-scope row is refused the same way.
        item = run(
            """mutation($id: ID!, $product: ID!) {
              updateOrderItem(id: $id, input: {product: $product}) { ok errors } }""",
            user=admin_user,
            variables={"id": store.order.items.first().pk, "product": store.Nokia.pk},
        )
        assert ok(item)["updateOrderItem"]["errors"][0]["code"] == "RAIL_GQL_NOT_FOUND"
    finally:
        queryset_pipeline.unregister("test_hide_archived")
    assert Product.objects.filter(name="N").count() == 0


def test_delete_runs_the_models_delete_and_reports_protected_rows(admin_user):
    store = make_store()
    answer = ok(
        run(
            f'mutation {{ deleteTag(id: "{store.new.pk}") {{ ok tag {{ id name }} }} }}',
            user=admin_user,
        )
    )
    assert answer["deleteTag"] == {"ok": True, "tag": {"id": str(store.new.pk), "name": "new"}}
    assert not Tag.objects.filter(pk=store.new.pk).exists()
    protected = ok(
        run(
            f'mutation {{ deleteProduct(id: "{store.Pixel.pk}") {{ ok errors }} }}', user=admin_user
        )
    )
    [error] = protected["deleteProduct"]["errors"]
    assert error["code"] == "RAIL_GQL_CONFLICT" and "order items" in error["message"]
    assert Product.objects.filter(pk=store.Pixel.pk).exists()
    # The guide's shape: ok only.
    order = ok(run(f'mutation {{ deleteOrder(id: "{store.order.pk}") {{ ok }} }}', user=admin_user))
    assert order == {"deleteOrder": {"ok": True}} and Order.objects.count() == 0


def test_customer_email_scalar_is_checked(admin_user):
    answer = run(
        'mutation { createCustomer(input: { name: "Ada", email: "not-an-email" }) { ok } }',
        user=admin_user,
    )
    assert codes(answer) == ["RAIL_GQL_INVALID_ARGUMENT"]  # input scalars = output scalars
    assert Customer.objects.count() == 0


def test_the_guides_literals_and_required_update_fields(settings, admin_user):
    created = ok(
        run(
            'mutation { createVoucher(input: { code: "G", amount: 99.99 }) '
            "{ ok voucher { id amount } errors } }",
            user=admin_user,
        )
    )["createVoucher"]
    assert created["voucher"]["amount"] == "99.99"
    voucher_id = created["voucher"]["id"]
    update = (
        f'mutation {{ updateVoucher(id: "{voucher_id}", input: {{ amount: 89.99 }}) {{ ok }} }}'
    )
    assert ok(run(update, user=admin_user)) == {"updateVoucher": {"ok": True}}
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {"required_update_fields": {"core_testapp.Voucher": ["code"]}}
    }
    assert "code: String!" in _input_block(str(build_schema("gql")), "VoucherUpdateInput")
    assert codes(run(update, user=admin_user)) == ["RAIL_GQL_VALIDATION_FAILED"]


def test_the_mutation_allowlist_narrows_generated_fields(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {"mutation_field_allowlist": ["createTag", "update_tag"]}
    }
    sdl = str(build_schema("gql"))
    mutation = sdl[sdl.index("type Mutation {") :]
    mutation = mutation[: mutation.index("\n}")]
    assert "createTag(" in mutation and "updateTag(" in mutation
    assert "deleteTag(" not in mutation and "createProduct(" not in mutation


def test_a_switched_off_scalar_is_a_string_in_inputs_too(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL = {"custom_scalars": {"Decimal": {"enabled": False}}}
    assert "amount: String!" in _input_block(str(build_schema("gql")), "VoucherCreateInput")
    answer = run(
        'mutation { createVoucher(input: { code: "S", amount: "12.5" }) '
        "{ ok errors voucher { amount } } }",
        user=admin_user,
    )
    assert ok(answer)["createVoucher"] == {
        "ok": True,
        "errors": [],
        "voucher": {"amount": "12.50"},  # the stored scale, as a query reads it
    }
    bad = run(
        'mutation { createVoucher(input: { code: "T", amount: "twelve" }) { ok errors } }',
        user=admin_user,
    )
    [error] = ok(bad)["createVoucher"]["errors"]
    assert error["field"] == "amount" and error["code"] == "RAIL_GQL_VALIDATION_FAILED"

"""A create mutation that can never succeed is the system check ``rail_django.W101``; fields the
model requires are non-null in create inputs."""

from __future__ import annotations

import io

from core_testapp.models import Category, Invoice, Product, Restaurant, Tag, Warehouse
from django.apps import apps
from django.core import checks
from django.core.management import call_command

from rail_django.core.build_context import SchemaBuild
from rail_django.core.mutations.create_checks import unsettable_required_fields
from rail_django.core.schema_builder import build_schema
from rail_django.core.settings_sections import schema_settings


def _warnings() -> dict[str, str]:
    """The W101 messages about core_testapp's models, by model label."""
    found = checks.run_checks(app_configs=[apps.get_app_config("core_testapp")])
    return {m.obj._meta.label: m.msg for m in found if m.id == "rail_django.W101"}


def test_required_fields_out_of_the_create_input_are_a_warning():
    warnings = _warnings()
    # Invoice.internal_ref is excluded; Product.sku is read-only (ActiveProduct: its proxy).
    # Coupon.code, a natural primary key, is carried by the create input: no warning.
    assert set(warnings) == {
        "core_testapp.Invoice",
        "core_testapp.Product",
        "core_testapp.ActiveProduct",
    }
    invoice = warnings["core_testapp.Invoice"]
    assert invoice.startswith(
        "The generated create mutation can never succeed: internal_ref is required "
        "(no default, blank not allowed) but not in its input (schema"
    )
    assert "'gql'" in invoice  # and every other schema that holds the model
    assert "can never succeed: sku is required" in warnings["core_testapp.Product"]


def test_the_fields_a_create_cannot_set():
    build = SchemaBuild("gql", schema_settings("gql"))
    # Defaults, blank=True, auto fields and a multi-table parent link are not required.
    assert unsettable_required_fields(build, Invoice) == ["internal_ref"]
    assert unsettable_required_fields(build, Product) == ["sku"]
    for model in (Category, Tag, Warehouse, Restaurant):
        assert unsettable_required_fields(build, model) == [], model


def test_a_schema_excluding_a_required_field_warns_about_it(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "type_generation_settings": {"exclude_fields": {"core_testapp.Tag": ["name"]}}
    }
    assert "can never succeed: name is required" in _warnings()["core_testapp.Tag"]


def test_no_warning_when_the_create_mutation_is_not_generated(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"generate_create": False}}
    assert _warnings() == {}
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {"mutation_field_allowlist": ["createTag", "update_invoice"]}
    }
    assert _warnings() == {}


def test_manage_py_check_reports_it_with_a_hint():
    out, err = io.StringIO(), io.StringIO()
    call_command("check", "core_testapp", stdout=out, stderr=err)
    report = out.getvalue() + err.getvalue()
    assert "core_testapp.Invoice: (rail_django.W101)" in report
    assert "HINT: Give the field a default" in report


def _input_block(sdl: str, name: str) -> str:
    start = sdl.index(f"input {name} {{")
    return sdl[start : sdl.index("\n}", start)]


def test_fields_the_model_requires_are_non_null_on_create_only(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"enable_nested_relations": False}}
    sdl = str(build_schema("gql"))
    create = _input_block(sdl, "OrderItemCreateInput")
    assert "order: ID!" in create and "product: ID!" in create and "unitPrice: Decimal!" in create
    assert "quantity: Int\n" in create  # it has a default
    update = _input_block(sdl, "OrderItemUpdateInput")
    assert "!" not in update.replace("[ID!]", "")
    # With nested creates on, a required foreign key may be given as an id or as `<fk>Create`.
    settings.RAIL_DJANGO_GRAPHQL = {}
    create = _input_block(str(build_schema("gql")), "OrderItemCreateInput")
    assert "order: ID\n" in create and "orderCreate: OrderCreateInput" in create


def test_a_natural_primary_key_is_given_on_create_and_never_updated(admin_user):
    from core_query_client import ok, run
    from core_testapp.models import Coupon

    sdl = str(build_schema("gql"))
    create = sdl[sdl.index("input CouponCreateInput {") :].split("}")[0]
    update = sdl[sdl.index("input CouponUpdateInput {") :].split("}")[0]
    assert "code: String!" in create and "percent: Int!" in create
    assert "code" not in update  # the row is named by id; its key never changes
    mutation = (
        "mutation($input: CouponCreateInput!) "
        "{ createCoupon(input: $input) { ok errors coupon { code percent } } }"
    )
    answer = ok(
        run(mutation, user=admin_user, variables={"input": {"code": "NOEL", "percent": 15}})
    )
    assert answer["createCoupon"] == {
        "ok": True,
        "errors": [],
        "coupon": {"code": "NOEL", "percent": 15},
    }
    assert Coupon.objects.get(pk="NOEL").percent == 15

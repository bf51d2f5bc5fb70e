"""Mutation errors name inputs by their schema names and never show a field the client may not
see: not one excluded from the schema, not one a field rule hides from this user."""

from __future__ import annotations

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from core_query_client import ok, run
from core_store_data import make_store
from core_testapp.models import Invoice, Order

from rail_django.contracts.permissions import (
    DjangoModelPermissionBackend,
    FieldDecision,
    FieldVisibility,
    permission_backend,
)

pytestmark = pytest.mark.django_db

GENERIC = "This object cannot be saved: a value that is not part of the API is missing or invalid."
#: Every spelling of the fields Invoice's GraphQLMeta excludes.
HIDDEN_WORDS = ("internal_ref", "internalRef", "internal reference", "audit_code", "auditCode")


def _leaks(errors: list[dict], words: tuple[str, ...]) -> list[str]:
    text = json.dumps(errors).lower()
    return [word for word in words if word.lower() in text]


class HidesDiscount:
    """Django model permissions, plus a field rule hiding Invoice.discount from every reader."""

    def __init__(self):
        self.base = DjangoModelPermissionBackend()

    def __getattr__(self, name):
        return getattr(self.base, name)

    def field_rules(self, model, field_name, **kwargs):
        # What backends declare without a user: this one rules on reading every field.
        return SimpleNamespace(read=True, write=False)

    def field_read(self, user, model, field_name, **kwargs):
        if model is Invoice and field_name == "discount":
            return FieldDecision(FieldVisibility.HIDDEN)
        return self.base.field_read(user, model, field_name, **kwargs)


def test_an_excluded_required_field_is_one_generic_error(admin_user):
    answer = run(
        'mutation { createInvoice(input: { number: "N1", unitPrice: "12345.678" }) '
        "{ ok invoice { id } errors } }",
        user=admin_user,
    )
    payload = ok(answer)["createInvoice"]
    assert payload["ok"] is False and payload["invoice"] is None
    assert payload["errors"] == [
        {
            "field": "unitPrice",
            "message": "Ensure that there are no more than 6 digits in total.",
            "code": "RAIL_GQL_VALIDATION_FAILED",
        },
        {"field": None, "message": GENERIC, "code": "RAIL_GQL_VALIDATION_FAILED"},
    ]
    assert Invoice.objects.count() == 0


def _invoice(number: str, ref: str, **values) -> Invoice:
    return Invoice.objects.create(
        number=number, unit_price=Decimal("10"), internal_ref=ref, **values
    )


UPDATE = """mutation($id: ID!, $input: InvoiceUpdateInput!) {
  updateInvoice(id: $id, input: $input) { ok errors } }"""


def test_a_unique_together_with_an_excluded_field_names_neither(admin_user):
    _invoice("N1", "R1")
    other = _invoice("N2", "R2")
    answer = run(UPDATE, user=admin_user, variables={"id": other.pk, "input": {"number": "N1"}})
    payload = ok(answer)["updateInvoice"]
    # Django's message would be "Invoice with this Number and Audit code already exists."
    assert payload["errors"] == [{"field": None, "message": GENERIC, "code": "RAIL_GQL_CONFLICT"}]
    assert _leaks(payload["errors"], HIDDEN_WORDS) == []
    other.refresh_from_db()
    assert other.number == "N2"


def test_a_read_only_field_the_user_reads_is_named_by_its_schema_name(admin_user):
    invoice = _invoice("N1", "R1", discount=Decimal("5"))
    variables = {"id": invoice.pk, "input": {"unitPrice": "4.00"}}
    payload = ok(run(UPDATE, user=admin_user, variables=variables))["updateInvoice"]
    assert payload["errors"] == [
        {
            "field": "discount",
            "message": "The discount exceeds the unit price.",
            "code": "RAIL_GQL_VALIDATION_FAILED",
        }
    ]


def test_a_field_hidden_by_a_field_rule_is_not_named(admin_user):
    invoice = _invoice("N1", "R1", discount=Decimal("5"))
    variables = {"id": invoice.pk, "input": {"unitPrice": "4.00"}}
    with permission_backend.swapped(HidesDiscount()):
        payload = ok(run(UPDATE, user=admin_user, variables=variables))["updateInvoice"]
    assert payload["errors"] == [
        {"field": None, "message": GENERIC, "code": "RAIL_GQL_VALIDATION_FAILED"}
    ]
    assert _leaks(payload["errors"], ("discount",)) == []


def test_nested_paths_use_schema_names(admin_user):
    store = make_store()
    query = """mutation($input: OrderCreateInput!) {
      createOrder(input: $input) { ok errors } }"""
    item = {"product": store.Pixel.pk, "quantity": 1, "unitPrice": "123456789012.50"}
    order = {"customer": store.customer.pk, "placedAt": "2024-05-02T10:00:00Z"}
    answer = run(query, user=admin_user, variables={"input": {**order, "itemsCreate": [item]}})
    [error] = ok(answer)["createOrder"]["errors"]
    assert error["field"] == "itemsCreate.0.unitPrice"
    assert Order.objects.count() == 1  # make_store's order only

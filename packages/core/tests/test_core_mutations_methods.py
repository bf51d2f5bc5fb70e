"""Model methods exposed with @mutation_method: naming, typed arguments, permission, rollback."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_query_client import codes, ok, run, user_with
from core_testapp.models import Voucher
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from rail_django.core.schema_builder import build_schema
from rail_django.generators.mutations import mutation_method

pytestmark = pytest.mark.django_db

APPLY = """
mutation($id: ID!, $percentage: Decimal!) {
  applyDiscountVoucher(id: $id, percentage: $percentage) { ok errors voucher { amount } }
}"""


def test_methods_become_typed_mutations():
    sdl = str(build_schema("gql"))
    assert "applyDiscountVoucher(id: ID!, percentage: Decimal!): VoucherPayload" in sdl
    assert "redeemVoucher(id: ID!, times: Int, note: String): VoucherPayload" in sdl
    assert "Lower the amount by a percentage." in sdl


def test_the_method_runs_and_returns_the_object(admin_user):
    voucher = Voucher.objects.create(code="TEN", amount=Decimal("50.00"))
    answer = run(APPLY, user=admin_user, variables={"id": voucher.pk, "percentage": "10"})
    assert ok(answer)["applyDiscountVoucher"] == {
        "ok": True,
        "errors": [],
        "voucher": {"amount": "45.00"},
    }
    voucher.refresh_from_db()
    assert voucher.amount == Decimal("45.00")


def test_a_validation_error_is_reported_and_rolled_back(admin_user):
    voucher = Voucher.objects.create(code="TEN", amount=Decimal("50.00"))
    answer = run(APPLY, user=admin_user, variables={"id": voucher.pk, "percentage": "150"})
    payload = ok(answer)["applyDiscountVoucher"]
    assert payload["ok"] is False and payload["voucher"] is None
    assert payload["errors"] == [
        {
            "field": "percentage",
            "message": "Must be between 0 and 100.",
            "code": "RAIL_GQL_VALIDATION_FAILED",
        }
    ]
    missing = ok(run(APPLY, user=admin_user, variables={"id": 999, "percentage": "5"}))
    assert missing["applyDiscountVoucher"]["errors"][0]["code"] == "RAIL_GQL_NOT_FOUND"
    bad_scalar = run(APPLY, user=admin_user, variables={"id": voucher.pk, "percentage": "ten"})
    assert codes(bad_scalar) == ["RAIL_GQL_INVALID_ARGUMENT"]
    voucher.refresh_from_db()
    assert voucher.amount == Decimal("50.00")


def test_the_declared_permission_is_enforced(django_user_model):
    voucher = Voucher.objects.create(code="TEN", amount=Decimal("50.00"))
    changer = user_with(django_user_model, "changer", "core_testapp.change_voucher")
    redeemer = user_with(django_user_model, "redeemer", "core_testapp.redeem_voucher")
    redeem = "mutation($id: ID!) { redeemVoucher(id: $id, times: 2) { ok voucher { uses } } }"
    assert codes(run(redeem, user=changer, variables={"id": voucher.pk})) == [
        "RAIL_GQL_PERMISSION_DENIED"
    ]
    answer = ok(run(redeem, user=redeemer, variables={"id": voucher.pk}))
    assert answer["redeemVoucher"] == {"ok": True, "voucher": {"uses": 2}}
    apply = run(APPLY, user=redeemer, variables={"id": voucher.pk, "percentage": "5"})
    assert codes(apply) == ["RAIL_GQL_PERMISSION_DENIED"]
    assert ok(run(APPLY, user=changer, variables={"id": voucher.pk, "percentage": "5"}))
    assert codes(run(redeem, variables={"id": voucher.pk})) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_enable_method_mutations_off_removes_them(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"enable_method_mutations": False}}
    sdl = str(build_schema("gql"))
    assert "applyDiscountVoucher" not in sdl and "redeemVoucher" not in sdl
    assert "createVoucher" in sdl


def test_an_unsupported_annotation_is_a_configuration_error():
    from rail_django.core.mutations.method_mutations import _arguments

    class Holder:
        @mutation_method
        def bad(self, value: models.Model) -> None: ...

        @mutation_method
        def untyped(self, value) -> None: ...

    with pytest.raises(ImproperlyConfigured, match="cannot expose an argument annotated"):
        _arguments(Voucher, "bad", Holder.bad)
    with pytest.raises(ImproperlyConfigured, match="needs an annotation"):
        _arguments(Voucher, "untyped", Holder.untyped)

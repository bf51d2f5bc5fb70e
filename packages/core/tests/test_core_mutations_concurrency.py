"""Concurrent writes to one row on PostgreSQL: no lost update, no 500 on a unique race.

Each test commits for real (``transaction=True``) and runs two or more requests in threads,
each on its own database connection. SQLite serialises writers (and an in-memory test database
is private to one connection), so these run on PostgreSQL only.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from core_query_client import ok, run
from core_testapp.models import Category, Voucher
from django.db import connection, connections
from django.db.models.signals import pre_save

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")


def _in_threads(*jobs):
    answers: dict[int, dict] = {}
    failures: list[BaseException] = []

    def runner(index, job):
        try:
            answers[index] = job()
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    return [answers[i] for i in range(len(jobs))]


UPDATE = """mutation($id: ID!, $input: VoucherUpdateInput!) {
  updateVoucher(id: $id, input: $input) { ok errors } }"""


def test_two_partial_updates_of_one_row_keep_both_writes(admin_user):
    voucher = Voucher.objects.create(code="OLD", amount=Decimal("10.00"))
    first_holds_the_row = threading.Event()

    def slow_first_save(sender, instance, **kwargs):
        if instance.code == "SLOW":
            first_holds_the_row.set()
            # Without the row lock, the second update would read the row now and write it
            # back with the old code after this save: the first write would be lost.
            threading.Event().wait(0.5)

    pre_save.connect(slow_first_save, sender=Voucher)

    def first():
        return run(UPDATE, user=admin_user, variables={"id": voucher.pk, "input": {"code": "SLOW"}})

    def second():
        assert first_holds_the_row.wait(10)
        variables = {"id": voucher.pk, "input": {"amount": "99.00"}}
        return run(UPDATE, user=admin_user, variables=variables)

    try:
        answers = _in_threads(first, second)
    finally:
        pre_save.disconnect(slow_first_save, sender=Voucher)
    assert [ok(a)["updateVoucher"]["ok"] for a in answers] == [True, True]
    voucher.refresh_from_db()
    assert (voucher.code, voucher.amount) == ("SLOW", Decimal("99.00"))


def test_concurrent_method_mutations_all_count(admin_user):
    voucher = Voucher.objects.create(code="MANY", amount=Decimal("10.00"))
    query = "mutation($id: ID!) { redeemVoucher(id: $id) { ok } }"

    def redeem():
        return run(query, user=admin_user, variables={"id": voucher.pk})

    answers = _in_threads(*([redeem] * 4))
    assert all(ok(a)["redeemVoucher"]["ok"] for a in answers)
    voucher.refresh_from_db()
    assert voucher.uses == 4


def test_a_unique_race_answers_a_conflict_not_a_500(admin_user):
    both_validated = threading.Barrier(2, timeout=10)

    def wait_for_the_other(sender, instance, **kwargs):
        both_validated.wait()  # both passed full_clean's unique check; both now insert

    pre_save.connect(wait_for_the_other, sender=Category)
    query = """mutation { createCategory(input: {name: "Twin", slug: "twin"}) {
      ok errors } }"""
    try:
        answers = _in_threads(*([lambda: run(query, user=admin_user)] * 2))
    finally:
        pre_save.disconnect(wait_for_the_other, sender=Category)
    payloads = sorted((ok(a)["createCategory"] for a in answers), key=lambda p: p["ok"])
    assert [p["ok"] for p in payloads] == [False, True]
    assert payloads[0]["errors"][0]["code"] == "RAIL_GQL_CONFLICT"
    assert Category.objects.filter(slug="twin").count() == 1

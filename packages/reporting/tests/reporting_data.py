"""The orders every reporting test reads, and the numbers they must add up to."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reporting_testapp.models import Customer, Order

UTC = dt.UTC


def make_orders(alice, bob) -> None:
    acme = Customer.objects.create(name="Acme", country="FR")
    bolt = Customer.objects.create(name="Bolt", country="US")
    cora = Customer.objects.create(name="Cora", country="FR")
    rows = [
        # (customer, owner, created_at (UTC), total, status, margin)
        (acme, alice, dt.datetime(2024, 1, 5, 10, 0, tzinfo=UTC), "100.00", "paid", "30.00"),
        (cora, bob, dt.datetime(2024, 1, 20, 9, 0, tzinfo=UTC), "50.00", "paid", "10.00"),
        (bolt, alice, dt.datetime(2024, 1, 10, 12, 0, tzinfo=UTC), "30.00", "paid", "5.00"),
        # 23:30 UTC on Jan 31 is already February in Paris (the time-zone test).
        (bolt, alice, dt.datetime(2024, 1, 31, 23, 30, tzinfo=UTC), "5.00", "paid", "1.00"),
        (bolt, bob, dt.datetime(2024, 2, 3, 8, 0, tzinfo=UTC), "20.00", "paid", "4.00"),
        (acme, alice, dt.datetime(2024, 2, 14, 18, 0, tzinfo=UTC), "10.50", "paid", "2.00"),
        (acme, bob, dt.datetime(2024, 2, 15, 18, 0, tzinfo=UTC), "999.00", "refunded", "0.00"),
    ]
    for customer, owner, created, total, status, margin in rows:
        Order.objects.create(
            customer=customer,
            owner=owner,
            created_at=created,
            placed_on=created.date(),
            total_amount=Decimal(total),
            status=status,
            margin=Decimal(margin),
        )


JAN = "2024-01-01T00:00:00+00:00"
FEB = "2024-02-01T00:00:00+00:00"

#: The guide's dataset over every order (staff), in its default order (month, country).
GUIDE_ROWS_ALL = [
    {"month": JAN, "country": "FR", "revenue": 150.0, "order_count": 2},
    {"month": JAN, "country": "US", "revenue": 35.0, "order_count": 2},
    {"month": FEB, "country": "FR", "revenue": 1009.5, "order_count": 2},
    {"month": FEB, "country": "US", "revenue": 20.0, "order_count": 1},
]
#: The same, for alice: her own orders only.
GUIDE_ROWS_ALICE = [
    {"month": JAN, "country": "FR", "revenue": 100.0, "order_count": 1},
    {"month": JAN, "country": "US", "revenue": 35.0, "order_count": 2},
    {"month": FEB, "country": "FR", "revenue": 10.5, "order_count": 1},
]

"""A small catalog where every filter has something to match and something to miss."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from filtering_testapp.models import Item, ItemDetail, Label, Review, Vendor

UTC = dt.UTC


def make_catalog() -> SimpleNamespace:
    acme = Vendor.objects.create(name="Acme", country="US", rating=5, verified=True)
    globex = Vendor.objects.create(name="Globex", country="DE", rating=3, parent=acme)
    initech = Vendor.objects.create(name="Initech", country="FR", rating=1, parent=globex)
    sale = Label.objects.create(name="sale", color="red")
    eco = Label.objects.create(name="eco", color="green")
    new = Label.objects.create(name="new", color="blue")
    phone = Item.objects.create(
        title="Phone X",
        notes="Smart phone with camera",
        email="sales@acme.test",
        quantity=10,
        stock=10**12,
        weight=0.5,
        price=Decimal("199.99"),
        released=dt.date(2024, 3, 15),
        created_at=dt.datetime(2024, 3, 15, 10, 30, tzinfo=UTC),
        opens_at=dt.time(9, 0),
        lead_time=dt.timedelta(days=2),
        is_active=True,
        is_featured=True,
        status="active",
        priority=2,
        data={"color": "black", "size": {"w": 7}, "tags": ["a"]},
        vendor=acme,
        secret="s1",
    )
    phone.labels.set([sale, new])
    headphones = Item.objects.create(
        title="Headphones",
        notes=None,
        email="info@globex.test",
        quantity=0,
        stock=5,
        weight=0.2,
        price=Decimal("49.50"),
        released=dt.date(2023, 12, 1),
        created_at=dt.datetime(2023, 12, 1, 18, 0, tzinfo=UTC),
        is_active=True,
        is_featured=None,
        status="draft",
        priority=1,
        data={"color": "white"},
        vendor=globex,
        secret="s2",
    )
    headphones.labels.set([sale])
    lamp = Item.objects.create(
        title="Desk lamp",
        notes="Warm light",
        quantity=3,
        stock=0,
        weight=1.2,
        price=Decimal("25"),
        created_at=dt.datetime(2022, 6, 30, 8, 0, tzinfo=UTC),
        opens_at=dt.time(18, 30),
        lead_time=dt.timedelta(hours=1),
        is_active=False,
        is_featured=False,
        status="archived",
        priority=1,
        data={},
    )
    case = Item.objects.create(
        title="Phone case",
        notes="Fits phone X: the phone case every phone needs",
        quantity=100,
        weight=0.05,
        price=Decimal("9.99"),
        released=dt.date(2024, 1, 10),
        created_at=dt.datetime(2024, 1, 10, 12, 0, tzinfo=UTC),
        status="active",
        priority=1,
        data={"color": "black", "size": {"w": 8}},
        vendor=initech,
    )
    case.labels.set([eco])
    ItemDetail.objects.create(item=phone, warehouse="north")
    ItemDetail.objects.create(item=case, warehouse="south")
    Review.objects.create(item=phone, stars=5, body="great", approved=True)
    Review.objects.create(item=phone, stars=4, body="good", approved=True)
    Review.objects.create(item=headphones, stars=2, body="meh", approved=False)
    Review.objects.create(item=case, stars=5, body="perfect fit", approved=True)
    Review.objects.create(item=case, stars=1, body="broke", approved=True)
    Review.objects.create(item=case, stars=3, body="ok", approved=False)
    return SimpleNamespace(**locals())

"""The storefront rows most of core's tests read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from core_testapp.models import Category, Customer, Order, OrderItem, Product, Tag
from django.utils import timezone


def make_store() -> SimpleNamespace:
    """Two categories, four products (one inactive), two tags, a customer with an order."""
    phones = Category.objects.create(name="Phones", slug="phones")
    books = Category.objects.create(name="Books", slug="books")
    new, sale = Tag.objects.create(name="new"), Tag.objects.create(name="sale")
    rows = [
        ("Pixel", "PX-1", "699.00", phones, True, "active"),
        ("Atlas", "AT-1", "25.50", books, True, "active"),
        ("Moby Dick", "MD-1", "12.00", books, True, "draft"),
        ("Nokia", "NK-1", "89.99", phones, False, "archived"),
    ]
    products = {}
    for name, sku, price, category, active, status in rows:
        products[name] = Product.objects.create(
            name=name,
            sku=sku,
            price=Decimal(price),
            cost_price=Decimal("1.00"),
            supplier_notes="secret",
            category=category,
            is_active=active,
            status=status,
            slug=sku.lower(),
        )
    products["Pixel"].tags.add(new, sale)
    products["Atlas"].tags.add(sale)
    customer = Customer.objects.create(name="Ada", email="ada@example.com", salary=Decimal("10"))
    order = Order.objects.create(
        customer=customer, placed_at=timezone.make_aware(dt.datetime(2024, 5, 1, 12, 0))
    )
    OrderItem.objects.create(order=order, product=products["Pixel"], unit_price=Decimal("699.00"))
    OrderItem.objects.create(
        order=order, product=products["Atlas"], quantity=2, unit_price=Decimal("25.50")
    )
    return SimpleNamespace(
        phones=phones, books=books, new=new, sale=sale, customer=customer, order=order, **products
    )

"""Sample shop rows for the export tests and the benchmark."""

from __future__ import annotations

import datetime as dt
import decimal


def make_products(owner, count, *, start=0, category=None, supplier=None, tags=()):
    from export_testapp.models import Category, Product, Review

    category = category or Category.objects.create(name="Books")
    made = Product.objects.bulk_create(
        [
            Product(
                name=f"Product {start + i}",
                sku=f"SKU-{start + i:04d}",
                price=decimal.Decimal("10.50") + i,
                stock=i,
                weight=0.25 * i,
                is_active=i % 2 == 0,
                released=dt.date(2024, 1, 1) + dt.timedelta(days=i),
                updated_at=dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC),
                cost=decimal.Decimal("4.00"),
                internal_code=f"IC{i}",
                secret="s3cret",
                category=category,
                supplier=supplier,
                owner=owner,
            )
            for i in range(count)
        ]
    )
    for product in made:
        if tags:
            product.tags.set(tags)
        Review.objects.create(product=product, text=f"ok {product.sku}")
    return made

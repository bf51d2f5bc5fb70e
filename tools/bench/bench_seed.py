"""Seeds the store: ``size`` products in 5 categories, and ``max(20, size // 5)`` customers
with exactly 10 orders of exactly 5 items each (the nested query reads 20 x 10 x 5)."""

from __future__ import annotations

from decimal import Decimal

from bench_store.models import Category, Customer, Order, OrderItem, Product
from django.db import transaction

CATEGORIES = 5
ORDERS_PER_CUSTOMER = 10
ITEMS_PER_ORDER = 5


@transaction.atomic
def seed(size: int) -> dict[str, int]:
    """Replace the store's rows with a store of ``size`` products; the row counts."""
    for model in (OrderItem, Order, Customer, Product, Category):
        model.objects.all().delete()
    categories = Category.objects.bulk_create(
        Category(name=f"Category {i}", slug=f"category-{i}") for i in range(CATEGORIES)
    )
    products = Product.objects.bulk_create(
        Product(
            name=f"Product {i}",
            sku=f"SKU-{i:06}",
            price=Decimal(i % 100) + Decimal("0.50"),
            is_active=i % 7 != 0,
            description="A fine product. " * 4,
            category=categories[i % CATEGORIES],
        )
        for i in range(size)
    )
    customers = Customer.objects.bulk_create(
        Customer(name=f"Customer {i}", email=f"c{i}@example.com") for i in range(max(20, size // 5))
    )
    orders = Order.objects.bulk_create(
        Order(customer=customer, reference=f"R-{c}-{o}", total=Decimal("10.00"))
        for c, customer in enumerate(customers)
        for o in range(ORDERS_PER_CUSTOMER)
    )
    OrderItem.objects.bulk_create(
        (
            OrderItem(
                order=order,
                product=products[(n * ITEMS_PER_ORDER + k) % len(products)],
                quantity=k + 1,
                unit_price=Decimal("2.00"),
            )
            for n, order in enumerate(orders)
            for k in range(ITEMS_PER_ORDER)
        ),
        batch_size=2000,
    )
    return {
        "products": len(products),
        "customers": len(customers),
        "orders": len(orders),
        "items": len(orders) * ITEMS_PER_ORDER,
    }

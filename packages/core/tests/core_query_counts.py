"""Helpers of the query-count tests: store data at a chosen size, and SQL counted per request."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core_testapp.models import Category, Customer, Order, OrderItem, Product, Tag
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rail_django.testing import GraphQLTestClient

#: Queries every authenticated request makes before resolving anything: the session, the user.
REQUEST_QUERIES = 2


def make_catalogue(categories: int, products_per_category: int, tags: int = 3) -> None:
    """Add ``categories`` categories holding ``products_per_category`` products each, every
    product tagged with the ``tags`` tags, and per category a customer with an order of two
    items. Call it again to grow the same catalogue."""
    tag_rows = [Tag.objects.get_or_create(name=f"tag{i}")[0] for i in range(tags)]
    start = Category.objects.count()
    for c in range(start, start + categories):
        category = Category.objects.create(name=f"Category {c:03}", slug=f"cat-{c}")
        products = [
            Product.objects.create(
                name=f"Product {c:03}-{p:02}",
                sku=f"SKU-{c}-{p}",
                price=Decimal(10 + p),
                category=category,
                slug=f"p-{c}-{p}",
            )
            for p in range(products_per_category)
        ]
        for product in products:
            product.tags.add(*tag_rows)
        customer = Customer.objects.create(name=f"Customer {c:03}", email=f"c{c}@x.test")
        order = Order.objects.create(
            customer=customer, placed_at=timezone.make_aware(dt.datetime(2024, 1, 1))
        )
        for product in products[:2]:
            OrderItem.objects.create(order=order, product=product, unit_price=product.price)


def post(query: str, user: Any, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST ``query`` to ``/graphql/`` as ``user`` (logged in before, so the login's own SQL is
    not counted); the JSON answer, which must hold no errors."""
    client = GraphQLTestClient(user=user)
    # Work an installed app defers to the end of a request (the audit trail buffers the test
    # data's model events while the test's transaction is open) is done now, not counted below.
    # (Django's test client does the same around its requests: closing the connection would
    # end the test's transaction.)
    request_finished.disconnect(close_old_connections)
    try:
        request_finished.send(sender=None)
    finally:
        request_finished.connect(close_old_connections)
    with CaptureQueriesContext(connection) as captured:
        response = client.execute(query, variables)
    data = response.assert_no_errors()
    return {"data": data, "sql": [q["sql"] for q in captured.captured_queries]}


def counted(query: str, user: Any, **kwargs: Any) -> tuple[dict[str, Any], list[str]]:
    """The data of ``query`` and the SQL statements it ran (``REQUEST_QUERIES`` removed)."""
    answer = post(query, user, **kwargs)
    return answer["data"], answer["sql"][REQUEST_QUERIES:]


#: Limits high enough that the count tests' deep documents are never refused by the
#: complexity rule (those limits have tests of their own).
GENEROUS_LIMITS = {"max_query_complexity": 10**9, "max_query_depth": 50}


def rail_settings(**sections: dict[str, Any]) -> dict[str, Any]:
    """A ``RAIL_DJANGO_GRAPHQL`` value with generous limits plus ``sections``."""
    performance = {**GENEROUS_LIMITS, **sections.pop("performance_settings", {})}
    return {"performance_settings": performance, **sections}

"""A hand-written graphene-django schema, as a team would write it, on a chosen base type.

``build(object_type_base, optimize)``: ``optimize`` is applied to each root queryset (identity
for the naive schema; graphene-django-query-optimizer's ``optimize`` for the optimised one).
"""

from __future__ import annotations

from typing import Any

import graphene
from bench_store.models import Category, Customer, Order, OrderItem, Product
from graphene_django.registry import Registry

QUERIES = {
    "flat": "{ products(limit: 100) { id name sku price } }",
    "nested": (
        "{ customers(limit: 20) { id name "
        "orders { id reference items { id quantity unitPrice } } } }"
    ),
    "filtered": (
        '{ filteredProducts(isActive: true, priceGt: 20, categoryName: "Category 3", '
        "offset: 2, limit: 20) { id name price category { name } } }"
    ),
}


def build(base: Any, optimize: Any, prefix: str) -> graphene.Schema:
    # Each schema keeps its own registry: the two graphene schemas map the same models.
    registry = Registry()

    def object_type(model: Any, fields: Any) -> Any:
        attrs = {"model": model, "fields": fields, "registry": registry}
        meta = type("Meta", (), {**attrs, "name": f"{prefix}{model.__name__}"})
        return type(f"{prefix}{model.__name__}Type", (base,), {"Meta": meta})

    category = object_type(Category, ("id", "name", "slug"))
    product = object_type(Product, ("id", "name", "sku", "price", "is_active", "category"))
    item = object_type(OrderItem, ("id", "quantity", "unit_price", "product"))
    order = object_type(Order, ("id", "reference", "total", "items"))
    customer = object_type(Customer, ("id", "name", "email", "orders"))
    del category, item, order

    class Query(graphene.ObjectType):
        products = graphene.List(
            graphene.NonNull(product), limit=graphene.Int(default_value=20), offset=graphene.Int()
        )
        customers = graphene.List(graphene.NonNull(customer), limit=graphene.Int(default_value=20))
        filtered_products = graphene.List(
            graphene.NonNull(product),
            is_active=graphene.Boolean(),
            price_gt=graphene.Float(),
            category_name=graphene.String(),
            offset=graphene.Int(default_value=0),
            limit=graphene.Int(default_value=20),
        )

        def resolve_products(root, info, limit, offset=0):
            return optimize(Product.objects.all(), info, offset, limit)

        def resolve_customers(root, info, limit):
            return optimize(Customer.objects.all(), info, 0, limit)

        def resolve_filtered_products(root, info, offset, limit, **filters):
            queryset = Product.objects.all()
            if filters.get("is_active") is not None:
                queryset = queryset.filter(is_active=filters["is_active"])
            if filters.get("price_gt") is not None:
                queryset = queryset.filter(price__gt=filters["price_gt"])
            if filters.get("category_name") is not None:
                queryset = queryset.filter(category__name=filters["category_name"])
            return optimize(queryset.order_by("-price", "id"), info, offset, limit)

    return graphene.Schema(query=Query)

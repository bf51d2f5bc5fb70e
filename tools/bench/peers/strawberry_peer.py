"""strawberry-django with its optimizer extension (``DjangoOptimizerExtension``)."""

from __future__ import annotations

import decimal

import strawberry
import strawberry_django
from bench_store import models
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView
from strawberry_django.optimizer import DjangoOptimizerExtension

NAME = "strawberry-django + optimizer"
URL = "/strawberry/"

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


@strawberry_django.type(models.Category)
class Category:
    id: strawberry.auto
    name: strawberry.auto
    slug: strawberry.auto


@strawberry_django.type(models.Product)
class Product:
    id: strawberry.auto
    name: strawberry.auto
    sku: strawberry.auto
    price: strawberry.auto
    is_active: strawberry.auto
    category: Category


@strawberry_django.type(models.OrderItem)
class OrderItem:
    id: strawberry.auto
    quantity: strawberry.auto
    unit_price: strawberry.auto
    product: Product


@strawberry_django.type(models.Order)
class Order:
    id: strawberry.auto
    reference: strawberry.auto
    total: strawberry.auto
    items: list[OrderItem]


@strawberry_django.type(models.Customer)
class Customer:
    id: strawberry.auto
    name: strawberry.auto
    email: strawberry.auto
    orders: list[Order]


@strawberry.type
class Query:
    @strawberry_django.field
    def products(self, limit: int = 20, offset: int = 0) -> list[Product]:
        return models.Product.objects.all()[offset : offset + limit]

    @strawberry_django.field
    def customers(self, limit: int = 20) -> list[Customer]:
        return models.Customer.objects.all()[:limit]

    @strawberry_django.field
    def filtered_products(
        self,
        is_active: bool | None = None,
        price_gt: float | None = None,
        category_name: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> list[Product]:
        queryset = models.Product.objects.all()
        if is_active is not None:
            queryset = queryset.filter(is_active=is_active)
        if price_gt is not None:
            queryset = queryset.filter(price__gt=decimal.Decimal(str(price_gt)))
        if category_name is not None:
            queryset = queryset.filter(category__name=category_name)
        return queryset.order_by("-price", "id")[offset : offset + limit]


schema = strawberry.Schema(query=Query, extensions=[DjangoOptimizerExtension()])
urlpatterns = [path("strawberry/", csrf_exempt(GraphQLView.as_view(schema=schema)))]

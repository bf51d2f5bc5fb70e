"""The floor: hand-optimised Django ORM (``only``, ``select_related``, ``Prefetch``) and JSON."""

from __future__ import annotations

from bench_store.models import Customer, Order, OrderItem, Product
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

NAME = "Django ORM + JSON"
URL = "/plain/"
QUERIES = {"flat": "flat", "nested": "nested", "filtered": "filtered"}


def _flat() -> list[dict]:
    rows = Product.objects.only("id", "name", "sku", "price")[:100]
    return [{"id": str(p.id), "name": p.name, "sku": p.sku, "price": str(p.price)} for p in rows]


def _nested() -> list[dict]:
    items = Prefetch("items", OrderItem.objects.only("id", "order_id", "quantity", "unit_price"))
    orders = Prefetch(
        "orders", Order.objects.only("id", "customer_id", "reference").prefetch_related(items)
    )
    customers = Customer.objects.only("id", "name").prefetch_related(orders)[:20]
    return [
        {
            "id": str(c.id),
            "name": c.name,
            "orders": [
                {
                    "id": str(o.id),
                    "reference": o.reference,
                    "items": [
                        {"id": str(i.id), "quantity": i.quantity, "unitPrice": str(i.unit_price)}
                        for i in o.items.all()
                    ],
                }
                for o in c.orders.all()
            ],
        }
        for c in customers
    ]


def _filtered() -> list[dict]:
    rows = (
        Product.objects.filter(is_active=True, price__gt=20, category__name="Category 3")
        .select_related("category")
        .only("id", "name", "price", "category__name")
        .order_by("-price", "id")[2:22]
    )
    return [
        {
            "id": str(p.id),
            "name": p.name,
            "price": str(p.price),
            "category": {"name": p.category.name},
        }
        for p in rows
    ]


_BUILDERS = {
    "flat": ("products", _flat),
    "nested": ("customers", _nested),
    "filtered": ("filteredProducts", _filtered),
}


@csrf_exempt
def serve(request, query):
    key, builder = _BUILDERS[query]
    return JsonResponse({"data": {key: builder()}})


urlpatterns = [path("plain/<str:query>/", serve)]

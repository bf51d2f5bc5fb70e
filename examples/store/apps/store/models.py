"""The guide's storefront: plain Django models, each shaped for the API by an inner GraphQLMeta.

Rail Django turns every model here into list and retrieve queries (``products``, ``product``),
CRUD mutations, filters and ordering; ``GraphQLMeta`` only says what differs from the defaults.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from rail_django.core.meta import GraphQLMeta as GraphQLMetaConfig


class Category(models.Model):
    """A shelf of the catalog."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    class GraphQLMeta(GraphQLMetaConfig):
        filtering = GraphQLMetaConfig.Filtering(quick=["name", "slug"])
        ordering = GraphQLMetaConfig.Ordering(allowed=["name"], default=["name"])

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A label shared by products across categories (``sale``, ``eco``...)."""

    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    class GraphQLMeta(GraphQLMetaConfig):
        filtering = GraphQLMetaConfig.Filtering(quick=["name"])
        ordering = GraphQLMetaConfig.Ordering(allowed=["name"], default=["name"])

    def __str__(self) -> str:
        return self.name


def new_sku() -> str:
    """A fresh stock keeping unit (``SKU-3F9A1C0B``): the store issues SKUs, clients do not."""
    return f"SKU-{secrets.token_hex(4).upper()}"


class Product(models.Model):
    """Something the store sells. Its purchase cost and supplier notes never reach the API.

    ``createProduct`` needs only a name, a price and a category: the SKU is issued by the store
    (read-only in the API) and the purchase cost stays empty until the back office records it in
    the admin (excluded from the API).
    """

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    tags = models.ManyToManyField(Tag, blank=True, related_name="products")
    name = models.CharField(max_length=255)
    sku = models.CharField(
        "SKU", max_length=50, unique=True, default=new_sku, help_text="Stock keeping unit."
    )
    description = models.TextField(blank=True)
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    cost_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="What the store pays the supplier (internal); empty until it is known.",
    )
    supplier_notes = models.TextField(blank=True, help_text="Internal notes on the supplier.")
    stock = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    class GraphQLMeta(GraphQLMetaConfig):
        fields = GraphQLMetaConfig.Fields(
            exclude=["cost_price", "supplier_notes"],
            read_only=["sku"],
        )
        filtering = GraphQLMetaConfig.Filtering(
            quick=["name", "sku"],
            fields={
                "price": GraphQLMetaConfig.FilterField(lookups=["gt", "lt", "between"]),
                "name": GraphQLMetaConfig.FilterField(lookups=["icontains", "istarts_with"]),
            },
        )
        ordering = GraphQLMetaConfig.Ordering(
            allowed=["name", "price", "stock", "created_at"],
            default=["-price"],
        )

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    """Someone who orders. Personal data: classified ``pii``, the credit limit ``financial``."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=30, blank=True)
    credit_limit = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["last_name", "first_name"]

    class GraphQLMeta(GraphQLMetaConfig):
        filtering = GraphQLMetaConfig.Filtering(quick=["first_name", "last_name", "email"])
        ordering = GraphQLMetaConfig.Ordering(
            allowed=["last_name", "first_name", "joined_at"],
            default=["last_name", "first_name"],
        )
        classifications = GraphQLMetaConfig.Classification(
            model=["pii"],
            fields={"credit_limit": ["financial"]},
        )

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Order(models.Model):
    """A customer's order of one or more products."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        SHIPPED = "shipped", "Shipped"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"

    reference = models.CharField(max_length=20, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    notes = models.TextField(blank=True)
    placed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-placed_at"]

    class GraphQLMeta(GraphQLMetaConfig):
        filtering = GraphQLMetaConfig.Filtering(quick=["reference", "customer__email"])
        ordering = GraphQLMetaConfig.Ordering(
            allowed=["placed_at", "reference", "status"],
            default=["-placed_at"],
        )

    def __str__(self) -> str:
        return self.reference


class OrderItem(models.Model):
    """One line of an order: a product, how many, and the price paid for each."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_items")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="store_orderitem_unique_line")
        ]

    class GraphQLMeta(GraphQLMetaConfig):
        ordering = GraphQLMetaConfig.Ordering(allowed=["quantity", "unit_price"])

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"

"""The guide's storefront: categories, products, tags, customers, orders and order items."""

import uuid

from django.conf import settings
from django.db import models

from rail_django.core.meta import GraphQLMeta as GraphQLMetaConfig


class Category(models.Model):
    """A shelf of the shop."""

    name = models.CharField(max_length=100, help_text="Shown in the navigation.")
    slug = models.SlugField(unique=True)
    internal_code = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name_plural = "categories"

    class GraphQLMeta(GraphQLMetaConfig):
        # meta.yaml also sets an ordering for Category: this one wins.
        ordering = GraphQLMetaConfig.Ordering(default=["-name"])

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """Something the shop sells."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "On sale"
        ARCHIVED = "archived", "Archived"

    name = models.CharField(max_length=255)
    sku = models.CharField(max_length=50, unique=True, help_text="Stock keeping unit.")
    price = models.DecimalField(max_digits=10, decimal_places=2, help_text="Unit price, tax incl.")
    cost_price = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    supplier_notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="products")
    slug = models.SlugField(unique=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class GraphqlMeta(GraphQLMetaConfig):
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
            allowed=["name", "price", "created_at", "category__name", "name_length"],
            default=["-price"],
        )
        field_groups = {"pricing": ["price"]}
        custom_metadata = {"icon": "box"}

    def __str__(self) -> str:
        return self.name

    @property
    def name_length(self) -> int:
        """A Python-only value, to show ordering by a property."""
        return len(self.name)


class Customer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Prospect"
        ACTIVE = "active", "Active customer"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
    )
    name = models.CharField(max_length=100)
    email = models.EmailField()
    salary = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class GraphQLMeta(GraphQLMetaConfig):
        classifications = GraphQLMetaConfig.Classification(
            model=["pii"], fields={"salary": ["financial"]}
        )

    def __str__(self) -> str:
        return self.name


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    placed_at = models.DateTimeField()
    total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"order {self.pk}"


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_items")
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_id}"

"""Models covering every filterable field type and every relation kind.

``Item`` is the main model: strings, numbers, dates, times, durations, booleans, choices, UUID,
JSON, a foreign key (``vendor``), a many-to-many (``labels``), a reverse foreign key
(``reviews``) and a reverse one-to-one (``detail``). ``Vendor`` has a self foreign key
(``parent``) and an excluded field reachable only through a relation path.
"""

import uuid

from django.db import models

from rail_django.core.meta import GraphQLMeta


class Vendor(models.Model):
    name = models.CharField(max_length=100)
    country = models.CharField(max_length=2, blank=True)
    rating = models.IntegerField(default=0)
    verified = models.BooleanField(default=False)
    internal_score = models.IntegerField(default=0)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class GraphQLMeta(GraphQLMeta):
        fields = GraphQLMeta.Fields(exclude=["internal_score"])

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    class Color(models.TextChoices):
        RED = "red", "Red"
        GREEN = "green", "Green"
        BLUE = "blue", "Blue"

    name = models.CharField(max_length=50)
    color = models.CharField(max_length=10, choices=Color.choices, default=Color.RED)

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        HIGH = 2, "High"

    title = models.CharField(max_length=200)
    notes = models.TextField(null=True, blank=True)  # noqa: DJ001 - null text is a case to filter
    email = models.EmailField(blank=True)
    quantity = models.IntegerField(default=0)
    stock = models.BigIntegerField(default=0)
    weight = models.FloatField(default=0)
    price = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    released = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    opens_at = models.TimeField(null=True, blank=True)
    lead_time = models.DurationField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_featured = models.BooleanField(null=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    priority = models.IntegerField(choices=Priority.choices, default=Priority.LOW)
    code = models.UUIDField(default=uuid.uuid4)
    data = models.JSONField(default=dict, blank=True)
    secret = models.CharField(max_length=50, blank=True)
    attachment = models.FileField(blank=True)
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    labels = models.ManyToManyField(Label, blank=True, related_name="items")

    class GraphQLMeta(GraphQLMeta):
        fields = GraphQLMeta.Fields(exclude=["secret"])
        filtering = GraphQLMeta.Filtering(
            quick=["title", "notes", "vendor__name", "labels__name"],
            fields={
                "weight": GraphQLMeta.FilterField(lookups=["gt", "lt", "between"]),
                "email": GraphQLMeta.FilterField(lookups=["iexact", "iends_with"]),
                "status": GraphQLMeta.FilterField(
                    lookups=["eq", "in"], choices=["draft", "active"]
                ),
            },
        )

    def __str__(self) -> str:
        return self.title


class ItemDetail(models.Model):
    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="detail")
    warehouse = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.warehouse


class Review(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reviews")
    stars = models.IntegerField()
    body = models.TextField(blank=True)
    approved = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.stars} stars"

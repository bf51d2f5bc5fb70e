"""A shop to export: products with two foreign keys, a many-to-many, reverse reviews, a field
``GraphQLMeta`` excludes, one the test backend masks and one it hides."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rail_django.core.meta import Fields, GraphQLMeta


class Category(models.Model):
    # A lazy verbose name Django itself translates ("name" -> "nom"): export headers follow the
    # request's language.
    name = models.CharField(_("name"), max_length=60)

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    name = models.CharField(max_length=60)
    country = models.CharField(max_length=2)
    public = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=30)

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    name = models.CharField("product name", max_length=120)
    sku = models.CharField(max_length=30)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    stock = models.IntegerField(default=0)
    weight = models.FloatField(default=0.0)
    is_active = models.BooleanField(default=True)
    released = models.DateField(null=True)
    updated_at = models.DateTimeField(null=True)
    notes = models.TextField(blank=True, default="")
    cost = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    internal_code = models.CharField(max_length=30, blank=True, default="")
    secret = models.CharField(max_length=30, blank=True, default="")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="products")
    supplier = models.ForeignKey(Supplier, null=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField(Tag, blank=True, related_name="products")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class GraphQLMeta(GraphQLMeta):
        fields = Fields(exclude=["secret"])

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    text = models.CharField(max_length=200)
    stars = models.IntegerField(default=5)

    def __str__(self) -> str:
        return self.text

"""Abstract, multi-table and proxy inheritance, and two models pointing at each other."""

from django.db import models

from core_testapp.models.storefront import Product


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Place(TimeStamped):
    name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.name


class Restaurant(Place):
    serves_pizza = models.BooleanField(default=False)


class ActiveProductManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(is_active=True)


class ActiveProduct(Product):
    objects = ActiveProductManager()

    class Meta:
        proxy = True


class Department(models.Model):
    name = models.CharField(max_length=50)
    manager = models.ForeignKey(
        "Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed"
    )

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    name = models.CharField(max_length=50)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="staff")

    def __str__(self) -> str:
        return self.name

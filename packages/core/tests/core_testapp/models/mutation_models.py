"""Models for the mutation tests: a three-level tree, constraints, method mutations and fields
the API does not show."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from rail_django.core.meta import GraphQLMeta as GraphQLMetaConfig
from rail_django.generators.mutations import mutation_method


class Warehouse(models.Model):
    name = models.CharField(max_length=40, unique=True)
    city = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.name


class Shelf(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="shelves")
    label = models.CharField(max_length=10)
    # Nullable on purpose: the tests set it to null explicitly.
    note = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001

    class Meta:
        unique_together = [("warehouse", "label")]

    def __str__(self) -> str:
        return self.label


class Bin(models.Model):
    shelf = models.ForeignKey(
        Shelf, null=True, blank=True, on_delete=models.SET_NULL, related_name="bins"
    )
    code = models.CharField(max_length=8)
    capacity = models.PositiveIntegerField(validators=[MaxValueValidator(100)])

    def __str__(self) -> str:
        return self.code


class Voucher(models.Model):
    """A discount voucher, with model methods exposed as mutations."""

    code = models.CharField(max_length=12, unique=True)
    amount = models.DecimalField(max_digits=6, decimal_places=2)
    uses = models.PositiveIntegerField(default=0)
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        permissions = [("redeem_voucher", "Can redeem vouchers")]

    def __str__(self) -> str:
        return self.code

    @mutation_method
    def apply_discount(self, percentage: Decimal) -> Voucher:
        """Lower the amount by a percentage."""
        if not 0 < percentage <= 100:
            raise ValidationError({"percentage": "Must be between 0 and 100."})
        self.amount = (self.amount * (1 - percentage / 100)).quantize(Decimal("0.01"))
        self.save()
        return self

    @mutation_method(codename="redeem", name="redeem_voucher")
    def redeem(self, times: int = 1, note: str | None = None) -> None:
        """Count uses; the row is locked, so concurrent redemptions all count."""
        self.uses += times
        self.save()


class Invoice(models.Model):
    """Validation that touches fields the API does not show: an excluded required ``internal_ref``
    (so ``createInvoice`` can never succeed: system check ``rail_django.W101``), an excluded
    ``audit_code`` in a unique-together, and a read-only ``discount`` that ``clean()`` checks."""

    number = models.CharField(max_length=12)
    unit_price = models.DecimalField(max_digits=6, decimal_places=2)
    internal_ref = models.CharField("internal reference", max_length=10, unique=True)
    audit_code = models.CharField(max_length=4, default="A")
    discount = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("0"))

    class Meta:
        unique_together = [("number", "audit_code")]

    class GraphQLMeta(GraphQLMetaConfig):
        fields = GraphQLMetaConfig.Fields(
            exclude=["internal_ref", "audit_code"], read_only=["discount"]
        )

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        if self.unit_price is not None and self.discount > self.unit_price:
            raise ValidationError({"discount": "The discount exceeds the unit price."})

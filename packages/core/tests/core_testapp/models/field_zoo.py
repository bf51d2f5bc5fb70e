"""One model holding every concrete Django field type (ImageField needs Pillow: not here)."""

import uuid

from django.db import models


class FieldZoo(models.Model):
    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        HIGH = 2, "High"

    id = models.BigAutoField(primary_key=True)
    big = models.BigIntegerField(default=0)
    small = models.SmallIntegerField(default=0)
    integer = models.IntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)
    positive_small = models.PositiveSmallIntegerField(default=0)
    positive_big = models.PositiveBigIntegerField(default=0)
    float_value = models.FloatField(default=0)
    decimal_value = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    boolean = models.BooleanField(default=False)
    nullable_boolean = models.BooleanField(null=True)
    char = models.CharField(max_length=50, blank=True)
    text = models.TextField(blank=True)
    slug = models.SlugField(blank=True)
    email = models.EmailField(blank=True)
    url = models.URLField(blank=True)
    uuid = models.UUIDField(default=uuid.uuid4)
    ip = models.GenericIPAddressField(null=True, blank=True)
    json = models.JSONField(default=dict, blank=True)
    duration = models.DurationField(null=True, blank=True)
    binary = models.BinaryField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    time = models.TimeField(null=True, blank=True)
    datetime = models.DateTimeField(null=True, blank=True)
    attachment = models.FileField(upload_to="zoo/", blank=True)
    file_path = models.FilePathField(path="/tmp", blank=True)
    priority = models.IntegerField(choices=Priority.choices, default=Priority.LOW)

    def __str__(self) -> str:
        return f"zoo {self.pk}"


class Coupon(models.Model):
    """A model whose primary key is not ``id``."""

    code = models.CharField(max_length=20, primary_key=True)
    percent = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return self.code

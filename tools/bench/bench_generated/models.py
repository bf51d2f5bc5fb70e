"""``RAIL_BENCH_MODELS`` models made at import: each has six fields of common types and a
foreign key to the model before it (so every type has a relation and a reverse relation)."""

import os

from django.db import models

COUNT = int(os.environ.get("RAIL_BENCH_MODELS", "200"))
MODELS = []

for _index in range(COUNT):
    _attrs = {
        "__module__": __name__,
        "name": models.CharField(max_length=100),
        "code": models.SlugField(unique=True),
        "amount": models.DecimalField(max_digits=10, decimal_places=2, default=0),
        "quantity": models.IntegerField(default=0),
        "active": models.BooleanField(default=True),
        "created_at": models.DateTimeField(auto_now_add=True),
    }
    if MODELS:
        _attrs["parent"] = models.ForeignKey(
            MODELS[-1], null=True, on_delete=models.SET_NULL, related_name="children"
        )
    MODELS.append(type(f"Generated{_index:03}", (models.Model,), _attrs))

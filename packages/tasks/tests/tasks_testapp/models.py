"""A consignment with a field only auditors may read (hidden from webhook viewers without it)."""

from django.db import models

from rail_django.core.meta import GraphQLMeta as GraphQLMetaConfig


class Consignment(models.Model):
    reference = models.CharField(max_length=40)
    total = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    internal_note = models.CharField(max_length=100, default="", blank=True)

    def __str__(self) -> str:
        return self.reference

    class GraphQLMeta(GraphQLMetaConfig):
        field_permissions = {"internal_note": [{"roles": ["auditor"], "visibility": "visible"}]}


class Note(models.Model):
    """A model no endpoint includes."""

    text = models.CharField(max_length=40)

    def __str__(self) -> str:
        return self.text

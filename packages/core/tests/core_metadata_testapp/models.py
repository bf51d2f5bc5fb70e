"""A shipment with every field kind the metadata classifies, and its django-fsm-2 states."""

from django.db import models
from django_fsm import FSMField, transition

from rail_django.core.meta import GraphQLMeta as GraphQLMetaConfig


class Carrier(models.Model):
    name = models.CharField(max_length=40)

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    text = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.text


class Shipment(models.Model):
    class Speed(models.TextChoices):
        SLOW = "slow", "Slow"
        FAST = "fast", "Fast"

    reference = models.CharField(max_length=30, unique=True, verbose_name="reference")
    notes = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=8, decimal_places=2)
    parcels = models.PositiveIntegerField(default=1)
    fragile = models.BooleanField(default=False)
    ship_on = models.DateField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    contact = models.EmailField(blank=True)
    tracking_url = models.URLField(blank=True)
    extra = models.JSONField(default=dict, blank=True)
    manifest = models.FileField(upload_to="manifests/", blank=True)
    speed = models.CharField(max_length=10, choices=Speed.choices, default=Speed.SLOW)
    secret_code = models.CharField(max_length=20, blank=True)
    internal_note = models.CharField(max_length=20, blank=True)
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="shipments")
    labels = models.ManyToManyField(Label, blank=True, related_name="shipments")
    state = FSMField(default="draft", protected=False)

    class GraphQLMeta(GraphQLMetaConfig):
        fields = GraphQLMetaConfig.Fields(exclude=["internal_note"], read_only=["reference"])
        field_groups = [
            {"key": "main", "label": "Informations principales", "fields": ["reference", "state"]},
            {"key": "details", "label": "Détails", "fields": ["notes"]},
        ]
        custom_metadata = {"icon": "truck", "color": "#4A90D9"}

    def __str__(self) -> str:
        return self.reference

    @transition(field=state, source="draft", target="ready", custom={"label": "Mark ready"})
    def prepare(self) -> None:
        pass

    @transition(
        field=state,
        source=["ready", "draft"],
        target="shipped",
        permission="core_metadata_testapp.change_shipment",
    )
    def ship(self) -> None:
        pass

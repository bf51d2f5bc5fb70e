"""The webhook outbox: one row per (event, endpoint), written in the writer's transaction.

A row is the durable promise to deliver: it commits with the change or rolls back with it, and
it stays ``pending`` until a receiver answered 2xx, so a worker killed mid-delivery leaves a row
another worker picks up once its lease has expired (at least once; receivers dedupe by
``webhook-id``, which is the row's ``event_id``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

APP_LABEL = "rail_django_tasks"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")  # the retry schedule is exhausted
    DISABLED = "disabled", _("endpoint disabled")  # 410 Gone, or disabled by an operator


class WebhookMessage(models.Model):
    """One event for one endpoint, with its delivery log (``attempt_log``)."""

    id = models.BigAutoField(primary_key=True)
    event_id = models.CharField(_("event id"), max_length=64, db_index=True)
    endpoint = models.CharField(_("endpoint"), max_length=100, db_index=True)
    event_type = models.CharField(_("event type"), max_length=20)
    model_label = models.CharField(_("model"), max_length=200)
    object_id = models.CharField(_("object id"), max_length=100)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    leased_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_latency_ms = models.PositiveIntegerField(_("last latency (ms)"), null=True)
    attempt_log = models.JSONField(_("attempts log"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        app_label = APP_LABEL
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ("-id",)
        constraints = [
            models.UniqueConstraint(fields=("event_id", "endpoint"), name="rail_webhook_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.model_label}#{self.object_id} -> {self.endpoint}"


class WebhookEndpointState(models.Model):
    """What the running system learnt about an endpoint of the settings (410: disabled)."""

    name = models.CharField(_("endpoint"), max_length=100, primary_key=True)
    disabled = models.BooleanField(_("disabled"), default=False)
    disabled_reason = models.CharField(_("reason"), max_length=200, blank=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)

    class Meta:
        app_label = APP_LABEL
        verbose_name = _("webhook endpoint state")
        verbose_name_plural = _("webhook endpoint states")

    def __str__(self) -> str:
        return self.name

"""The admin: task records, and the webhook delivery log (attempts, status, latency)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rail_django.extensions.tasks.models import TaskExecution
from rail_django.webhooks.delivery import replay
from rail_django.webhooks.models import WebhookEndpointState, WebhookMessage


@admin.register(TaskExecution)
class TaskExecutionAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "status", "progress", "attempts", "owner", "created_at")
    list_filter = ("status", "backend", "queue")
    search_fields = ("id", "name")
    readonly_fields = [f.name for f in TaskExecution._meta.fields]


@admin.action(description=_("Deliver again"))
def deliver_again(modeladmin, request, queryset) -> None:
    count = replay(queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
        % {"count": count},
    )


@admin.register(WebhookMessage)
class WebhookMessageAdmin(admin.ModelAdmin):
    list_display = (
        "event_id",
        "endpoint",
        "event_type",
        "model_label",
        "object_id",
        "status",
        "attempts",
        "last_status_code",
        "last_latency_ms",
        "created_at",
        "delivered_at",
    )
    list_filter = ("status", "endpoint", "event_type")
    search_fields = ("event_id", "object_id", "model_label")
    readonly_fields = [f.name for f in WebhookMessage._meta.fields]
    actions = [deliver_again]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WebhookEndpointState)
class WebhookEndpointStateAdmin(admin.ModelAdmin):
    list_display = ("name", "disabled", "disabled_reason", "disabled_at")

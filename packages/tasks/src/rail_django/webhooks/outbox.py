"""The transactional outbox: model events become webhook rows inside the writer's transaction.

Subscribed with ``model_events.subscribe_in_transaction``: the rows are written with the
change, so a rollback sends nothing and a commit cannot lose them. Once the transaction
commits, each row's id is handed to the task engine; if that hand-off is lost (the process
was killed between commit and send), the worker's housekeeping finds the row still due.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from rail_django.contracts.model_events import ModelEvent, model_events
from rail_django.webhooks.models import WebhookEndpointState, WebhookMessage
from rail_django.webhooks.payload import build_payload
from rail_django.webhooks.webhook_settings import endpoints, webhook_settings

BOOKKEEPING = (
    "rail_django_tasks.TaskExecution",
    "rail_django_tasks.WebhookMessage",
    "rail_django_tasks.WebhookEndpointState",
)


def routes(endpoint: Mapping[str, Any], label: str) -> bool:
    """Does ``endpoint`` want events of model ``label``? Labels compare case-insensitively."""
    label = label.lower()
    include = [m.lower() for m in endpoint.get("include_models") or ()]
    exclude = [m.lower() for m in endpoint.get("exclude_models") or ()]
    return (not include or label in include) and label not in exclude


def record_event(event: ModelEvent) -> None:
    values = webhook_settings()
    if not values["enabled"] or not values["events"].get(str(event.kind), True):
        return
    targets = [e for e in endpoints() if routes(e, event.model_label)]
    if not targets:
        return
    disabled = set(
        WebhookEndpointState.objects.filter(
            name__in=[e["name"] for e in targets], disabled=True
        ).values_list("name", flat=True)
    )
    targets = [e for e in targets if e["name"] not in disabled]
    if not targets:
        return
    instance = event.model._default_manager.filter(pk=event.pk).first()
    event_id = f"msg_{uuid.uuid4().hex}"
    now = timezone.now()
    rows = [
        WebhookMessage(
            event_id=event_id,
            endpoint=endpoint["name"],
            event_type=str(event.kind),
            model_label=event.model_label,
            object_id=str(event.pk),
            payload=build_payload(event, event_id, instance, endpoint, values["schema"]),
            next_attempt_at=now,
        )
        for endpoint in targets
    ]
    created = WebhookMessage.objects.bulk_create(rows)
    from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend

    backend = get_rail_backend()
    for row in created:
        if row.pk is None:  # a backend that does not return ids: housekeeping sends it
            continue
        backend.send_job("rail_webhook", str(row.pk))


def connect_outbox() -> None:
    model_events.ignore_saves_of(*BOOKKEEPING)
    model_events.subscribe_in_transaction(record_event)

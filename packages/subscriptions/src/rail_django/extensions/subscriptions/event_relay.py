"""From the contracts' model events to every process's subscription hub.

The contracts' bus calls :func:`relay_model_event` after each commit, in the writer's thread.
The event is handed to the hubs of this process at once (thread-safely, onto their event loops)
and, when ``CHANNEL_LAYERS["default"]`` is a layer shared between processes (channels-redis),
broadcast on it to the hubs of every other process, which skip the copies they sent themselves.
The in-memory layer is per process, so nothing is broadcast on it.

Channel layers deliver at most once and drop on overflow: subscriptions are best effort, never a
record of every change (webhooks and the audit log are).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync

from rail_django.contracts.model_events import ModelEvent

if TYPE_CHECKING:
    from rail_django.extensions.subscriptions.subscription_hub import SubscriptionHub

logger = logging.getLogger("rail_django.extensions.subscriptions")

#: The channel-layer group every hub of every process joins.
GROUP = "rail_django.subscriptions"
#: Identifies this process's broadcasts, so its own hubs do not take them twice.
ORIGIN = uuid.uuid4().hex

_hubs: set[SubscriptionHub] = set()
_lock = threading.Lock()


def add_hub(hub: SubscriptionHub) -> None:
    with _lock:
        _hubs.add(hub)


def remove_hub(hub: SubscriptionHub) -> None:
    with _lock:
        _hubs.discard(hub)


def event_message(event: ModelEvent) -> dict[str, Any]:
    """The event as a channel-layer message (plain JSON-friendly values)."""
    pk = event.pk
    if not isinstance(pk, (int, str)):
        pk = str(pk)
    return {
        "type": "rail.model_event",
        "model": event.model_label,
        "pk": pk,
        "kind": event.kind.value,
        "origin": ORIGIN,
    }


def shared_layer() -> Any:
    """The default channel layer when it reaches other processes, else ``None``."""
    from channels.layers import InMemoryChannelLayer, get_channel_layer

    layer = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return None
    return layer


def relay_model_event(event: ModelEvent) -> None:
    """The model-event handler registered from the app's ``ready()``."""
    message = event_message(event)
    with _lock:
        hubs = list(_hubs)
    for hub in hubs:
        hub.accept_threadsafe(message)
    layer = shared_layer()
    if layer is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(layer.group_send)(GROUP, message)
    else:  # called on an event loop's thread: do not block it
        asyncio.ensure_future(layer.group_send(GROUP, message))

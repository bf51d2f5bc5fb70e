"""One hub per event loop (per server process): groups, the event queue and the fan-out.

Subscribers whose document, variables, operation name and permission scope (the user) are the
same form one group. An event is resolved once per group — one GraphQL execution, one query
through the queryset pipeline — and its JSON is built once; each member then gets that text
wrapped in its protocol's frame. Events wait in a bounded queue (``max_pending_events`` of the
global ``subscription_settings``); when it is full, new events are dropped and logged, so a
burst never grows memory without bound.

The hub also checks the credentials of every socket every ``credential_check_seconds`` (see
:meth:`SubscriptionHub.check_credentials`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from rail_django.core.http import PreparedOperation, execute_operation
from rail_django.extensions.subscriptions import event_relay
from rail_django.extensions.subscriptions.settings_sections import subscription_settings

logger = logging.getLogger("rail_django.extensions.subscriptions")


@dataclass(eq=False)
class Group:
    """Identical subscriptions of one permission scope: resolved once per event."""

    key: tuple[Any, ...]
    model_label: str
    response_key: str
    prepared: PreparedOperation
    connection: Any  # the first member's connection: its request stands for the scope
    members: dict[tuple[int, str], tuple[Any, str]] = field(default_factory=dict)


def scope_key(user: Any) -> tuple[Any, ...]:
    """Who a result may be shared with: one user (anonymous users share one scope)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ("anonymous",)
    return ("user", user.pk)


class SubscriptionHub:
    """The subscriptions of one event loop (see the module docstring)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.groups: dict[tuple[Any, ...], Group] = {}
        self.by_model: dict[str, set[Group]] = {}
        self.connections: set[Any] = set()
        #: Acknowledged sockets per permission scope (``max_connections_per_user``).
        self.user_counts: dict[tuple[Any, ...], int] = {}
        limit = subscription_settings(None)["max_pending_events"]
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=limit)
        self.tasks: list[asyncio.Task[Any]] = [loop.create_task(self._fan_out())]
        self.layer = event_relay.shared_layer()
        if self.layer is not None:
            self.tasks.append(loop.create_task(self._listen()))
        self.tasks.append(loop.create_task(self._sweep()))
        event_relay.add_hub(self)

    # -- events in ----------------------------------------------------------------------------
    def accept_threadsafe(self, message: dict[str, Any]) -> None:
        """Queue ``message`` from any thread."""
        if self.loop.is_closed():
            event_relay.remove_hub(self)
            return
        self.loop.call_soon_threadsafe(self.accept, message)

    def accept(self, message: dict[str, Any]) -> None:
        if message.get("model") not in self.by_model:
            return  # nobody here listens to this model
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            logger.warning(
                "subscription events dropped: %s events pending (max_pending_events)",
                self.queue.qsize(),
            )

    async def _listen(self) -> None:
        channel = await self.layer.new_channel()
        await self.layer.group_add(event_relay.GROUP, channel)
        while True:
            message = await self.layer.receive(channel)
            if message.get("origin") != event_relay.ORIGIN:
                self.accept(message)

    # -- membership ---------------------------------------------------------------------------
    def add(
        self,
        connection: Any,
        sub_id: str,
        prepared: PreparedOperation,
        model_label: str,
        response_key: str,
        frame: str,
    ) -> None:
        """Add subscription ``sub_id`` of ``connection``; ``frame`` is its message with
        ``%s`` where the payload's JSON goes."""
        key = (
            prepared.schema_name,
            prepared.document.loc.source.body if prepared.document.loc else id(prepared.document),
            json.dumps(prepared.variables, sort_keys=True, default=str),
            prepared.operation_name,
            scope_key(connection.request.user),
        )
        group = self.groups.get(key)
        if group is None:
            group = Group(key, model_label, response_key, prepared, connection)
            self.groups[key] = group
            self.by_model.setdefault(model_label, set()).add(group)
        group.members[(id(connection), sub_id)] = (connection, frame)

    def remove(self, connection: Any, sub_id: str) -> None:
        for group in list(self.by_model_groups()):
            if group.members.pop((id(connection), sub_id), None) is None:
                continue
            if not group.members:
                self._drop(group)
            elif group.connection is connection:
                group.connection = next(iter(group.members.values()))[0]

    def by_model_groups(self) -> Iterable[Group]:
        return list(self.groups.values())

    def _drop(self, group: Group) -> None:
        self.groups.pop(group.key, None)
        groups = self.by_model.get(group.model_label)
        if groups is not None:
            groups.discard(group)
            if not groups:
                del self.by_model[group.model_label]

    # -- fan-out ------------------------------------------------------------------------------
    async def _fan_out(self) -> None:
        while True:
            message = await self.queue.get()
            groups = list(self.by_model.get(message["model"], ()))
            if not groups:
                continue
            try:
                results = await sync_to_async(_resolve, thread_sensitive=True)(groups, message)
            except Exception:
                logger.exception("resolving a subscription event failed")
                continue
            for group, text in results:
                for connection, frame in list(group.members.values()):
                    await connection.send_frame(frame % text)

    # -- credentials --------------------------------------------------------------------------
    async def _sweep(self) -> None:
        period = subscription_settings(None)["credential_check_seconds"]
        while True:
            await asyncio.sleep(period)
            await self.check_credentials()

    async def check_credentials(self) -> None:
        """Close every socket whose token expired or was revoked, or whose session ended."""
        for connection in list(self.connections):
            with contextlib.suppress(Exception):
                refusal = await sync_to_async(connection.credentials_refusal)()
                if refusal:
                    await connection.close_for_credentials(refusal)

    def stop(self) -> None:
        event_relay.remove_hub(self)
        for task in self.tasks:
            task.cancel()


def _resolve(groups: list[Group], message: dict[str, Any]) -> list[tuple[Group, str]]:
    close_old_connections()
    results = []
    for group in groups:
        request = group.connection.fresh_request()
        payload = execute_operation(group.prepared, request, root_value=message)
        data = payload.get("data") or {}
        if data.get(group.response_key) is None:
            # Not this group's event, a row this scope may not see, or a refusal (the
            # permission was lost): nothing reaches the subscriber.
            continue
        results.append((group, json.dumps(payload, separators=(",", ":"), default=str)))
    return results


_hubs: dict[int, SubscriptionHub] = {}


def hub_for_loop() -> SubscriptionHub:
    """This event loop's hub, made on first use."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(id(loop))
    if hub is None or hub.loop is not loop:
        hub = SubscriptionHub(loop)
        _hubs[id(loop)] = hub
    return hub

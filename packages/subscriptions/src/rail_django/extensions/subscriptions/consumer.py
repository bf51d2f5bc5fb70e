"""The websocket endpoint: ``get_subscription_consumer("gql")`` in ``root/asgi.py``.

One consumer class per schema speaks both subprotocols (:mod:`.protocols`). What it enforces:

- **Origin**: a browser's ``Origin`` must name a host of ``ALLOWED_HOSTS`` (cross-site websocket
  hijacking); otherwise the handshake is refused. Clients that send no ``Origin`` (not browsers)
  are not subject to it.
- **Nothing before** ``connection_init`` **is acknowledged**: ``subscribe`` / ``start`` before the
  ack closes the socket with 4401, on both protocols; no init within
  ``connection_init_timeout_seconds`` closes it with 4408; a second init with 4429.
- **Authentication**: the session user (``AuthMiddlewareStack``), or the token of the
  ``connection_init`` payload (``Authorization: Bearer ...`` or ``authToken``) read by the same
  authenticator as HTTP; refused credentials, or an anonymous user when
  ``authentication_required`` is on, close the socket with 4403. Every
  ``credential_check_seconds`` the hub asks again; an expired or revoked token, or an ended
  session, closes the socket with 4403 within that time.
- **Limits**: ``max_subscriptions_per_connection`` (an ``error`` message for the refused one),
  ``max_connections_per_user`` per process (closed with 1013), ``max_message_bytes`` (closed
  with 1009), and the schema's query limits (depth, complexity, aliases...) on every document.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlsplit

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings as django_settings
from django.http.request import validate_host
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.settings_registry import settings_registry
from rail_django.core import schema_registry
from rail_django.core.errors import ErrorPolicy, request_error
from rail_django.core.http import (
    authenticate_request,
    execute_operation,
    prepare_operation,
    socket_request,
)
from rail_django.core.registry import canonical_name
from rail_django.extensions.subscriptions import protocols as p
from rail_django.extensions.subscriptions.schema_fields import field_source
from rail_django.extensions.subscriptions.subscription_hub import hub_for_loop, scope_key

__all__ = ["GraphQLSubscriptionConsumer", "get_subscription_consumer"]


class GraphQLSubscriptionConsumer(AsyncWebsocketConsumer):
    """Serves one schema's operations over a websocket (see the module docstring)."""

    schema_name = "gql"
    # Each socket needs no channel of its own: one hub per process receives the events. A
    # consumer with a layer channel would cost a layer reader per socket.
    channel_layer_alias = "rail_django_subscriptions_no_layer"

    async def websocket_connect(self, message: Any) -> None:
        self.protocol = p.choose_subprotocol(self.scope.get("subprotocols"))
        self.request: Any = None
        self.authorization: str | None = None
        self.acknowledged = False
        self.initialised = False
        self.closed = False
        self.active: set[str] = set()
        self.timer: asyncio.TimerHandle | None = None
        self.settings = settings_registry.resolve(self.schema_name)["subscription_settings"]
        if not _origin_allowed(self.scope):
            await self.close()  # refused handshake: HTTP 403
            return
        if self.protocol is None:
            await self.accept()
            await self.close(p.SUBPROTOCOL_NOT_ACCEPTABLE)
            return
        await self.accept(self.protocol)
        self.hub = hub_for_loop()
        loop = asyncio.get_running_loop()
        self.timer = loop.call_later(
            self.settings["connection_init_timeout_seconds"], self._init_timed_out
        )

    def _init_timed_out(self) -> None:
        if not self.acknowledged and not self.closed:
            asyncio.ensure_future(self.close(p.INIT_TIMEOUT))

    async def close(self, code: Any = None, reason: Any = None) -> None:
        if getattr(self, "closed", False):
            return
        self.closed = True
        await super().close(code)
        self._release()

    async def websocket_disconnect(self, message: Any) -> None:
        self.closed = True
        self._release()
        await super().websocket_disconnect(message)

    def _release(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        hub = getattr(self, "hub", None)
        if hub is None:
            return
        for sub_id in list(self.active):
            hub.remove(self, sub_id)
        self.active.clear()
        if self in hub.connections:
            hub.connections.discard(self)
            key = scope_key(self.request.user)
            hub.user_counts[key] = hub.user_counts.get(key, 1) - 1

    # -- inbound ------------------------------------------------------------------------------
    async def receive(self, text_data: Any = None, bytes_data: Any = None) -> None:
        if self.closed:
            return
        raw = text_data if text_data is not None else bytes_data
        if raw is not None and len(raw) > self.settings["max_message_bytes"]:
            await self.close(p.MESSAGE_TOO_BIG)
            return
        try:
            data = json.loads(raw)
        except (TypeError, ValueError):
            data = None
        kind = data.get("type") if isinstance(data, dict) else None
        if not isinstance(kind, str):
            await self.close(p.INVALID_MESSAGE)
            return
        handler = _HANDLERS[self.protocol].get(kind)
        if handler is None:
            await self.close(p.INVALID_MESSAGE)
            return
        await handler(self, data)

    async def on_init(self, data: dict[str, Any]) -> None:
        if self.initialised:
            await self.close(p.TOO_MANY_INIT)
            return
        self.initialised = True
        self.authorization = p.authorization_of(data.get("payload"))
        refusal = await sync_to_async(self._authenticate)()
        if refusal:
            if self.protocol == p.LEGACY_WS:
                await self.send(p.message("connection_error", payload={"message": refusal}))
            await self.close(p.FORBIDDEN)
            return
        key = scope_key(self.request.user)
        limit = self.settings["max_connections_per_user"]
        # Anonymous sockets are not one user: the cap counts signed-in users only.
        if key[0] == "user" and self.hub.user_counts.get(key, 0) >= limit:
            await self.close(p.TRY_AGAIN_LATER)
            return
        self.hub.user_counts[key] = self.hub.user_counts.get(key, 0) + 1
        self.hub.connections.add(self)
        self.acknowledged = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        await self.send(p.message("connection_ack"))
        if self.protocol == p.LEGACY_WS:
            await self.send(p.message("ka"))
            self._keep_alive()

    def _keep_alive(self) -> None:
        async def beat() -> None:
            if not self.closed:
                await self.send(p.message("ka"))
                self._keep_alive()

        loop = asyncio.get_running_loop()
        self.timer = loop.call_later(
            self.settings["keepalive_seconds"], lambda: asyncio.ensure_future(beat())
        )

    def _authenticate(self) -> str | None:
        request = socket_request(self.scope, authorization=self.authorization)
        refusal = authenticate_request(request, schema_name=self.schema_name)
        if refusal is not None:
            return str(refusal.message)
        self.request = request
        section = settings_registry.resolve(self.schema_name)["schema_settings"]
        if section["authentication_required"] and not request.user.is_authenticated:
            return _("Authentication required.")
        return None

    async def on_ping(self, data: dict[str, Any]) -> None:
        await self.send(p.message("pong", payload=data.get("payload")))

    async def on_pong(self, data: dict[str, Any]) -> None:
        return None

    async def on_terminate(self, data: dict[str, Any]) -> None:
        await self.close(1000)

    async def on_subscribe(self, data: dict[str, Any]) -> None:
        if not self.acknowledged:
            await self.close(p.UNAUTHORIZED)
            return
        sub_id = data.get("id")
        payload = data.get("payload")
        if not isinstance(sub_id, str) or not sub_id or not isinstance(payload, dict):
            await self.close(p.INVALID_MESSAGE)
            return
        if sub_id in self.active:
            if self.protocol == p.TRANSPORT_WS:
                await self.close(p.DUPLICATE_SUBSCRIBER)
                return
            self.hub.remove(self, sub_id)  # legacy clients restart an id
            self.active.discard(sub_id)
        if len(self.active) >= self.settings["max_subscriptions_per_connection"]:
            message = ngettext(
                "This connection already holds %(count)s subscription.",
                "This connection already holds %(count)s subscriptions.",
                len(self.active),
            ) % {"count": len(self.active)}
            policy = ErrorPolicy.for_schema(self.schema_name)
            await self._send_errors(
                sub_id, [request_error(message, ErrorCode.TOO_MANY_SUBSCRIPTIONS, policy)]
            )
            return
        self.active.add(sub_id)
        prepared = await sync_to_async(prepare_operation)(
            self.schema_name,
            payload.get("query"),
            payload.get("variables"),
            payload.get("operationName"),
            self.request,
        )
        if sub_id not in self.active or self.closed:
            return  # completed or closed while it was being prepared
        if prepared.errors:
            self.active.discard(sub_id)
            await self._send_errors(sub_id, prepared.errors)
            return
        if prepared.operation_type != "subscription":
            result = await sync_to_async(self._execute)(prepared)
            self.active.discard(sub_id)
            if "data" not in result:
                await self._send_errors(sub_id, result["errors"])
                return
            kind = "next" if self.protocol == p.TRANSPORT_WS else "data"
            await self.send(p.message(kind, sub_id, result))
            await self.send(p.message("complete", sub_id))
            return
        source = field_source(prepared.schema_name, prepared.root_field or "")
        if source is None:
            self.active.discard(sub_id)
            policy = ErrorPolicy.for_schema(self.schema_name)
            error = request_error(_("This field sends no events."), ErrorCode.BAD_REQUEST, policy)
            await self._send_errors(sub_id, [error])
            return
        selection = prepared.operation.selection_set.selections[0]
        response_key = selection.alias.value if selection.alias else selection.name.value
        self.hub.add(
            self,
            sub_id,
            prepared,
            source.model_label,
            response_key,
            p.frame_template(self.protocol, sub_id),
        )

    def _execute(self, prepared: Any) -> dict[str, Any]:
        return execute_operation(prepared, self.fresh_request())

    async def on_complete(self, data: dict[str, Any]) -> None:
        sub_id = data.get("id")
        if not isinstance(sub_id, str):
            await self.close(p.INVALID_MESSAGE)
            return
        if sub_id in self.active:
            self.active.discard(sub_id)
            self.hub.remove(self, sub_id)
            if self.protocol == p.LEGACY_WS:
                await self.send(p.message("complete", sub_id))

    async def _send_errors(self, sub_id: str, errors: list[dict[str, Any]]) -> None:
        await self.send(p.message("error", sub_id, errors))

    # -- what the hub asks --------------------------------------------------------------------
    async def send_frame(self, text: str) -> None:
        if not self.closed:
            await self.base_send({"type": "websocket.send", "text": text})

    def fresh_request(self) -> Any:
        """A request with the connection's user, read again, and no per-request memo: each
        event's permission decisions are taken afresh (Django caches a user's permissions on
        the user object, which lives as long as the socket). A user deleted or deactivated
        since the socket opened reads as anonymous."""
        request = socket_request(self.scope, authorization=self.authorization)
        user = self.request.user
        if getattr(user, "is_authenticated", False):
            from django.contrib.auth.models import AnonymousUser

            user = type(user)._default_manager.filter(pk=user.pk, is_active=True).first()
            user = user or AnonymousUser()
        request.user = user
        return request

    def credentials_refusal(self) -> str | None:
        """Why the socket's credentials no longer hold (``None``: they do)."""
        if self.request is None:
            return None
        user = self.request.user
        if self.authorization:
            request = socket_request(self.scope, authorization=self.authorization)
            refusal = authenticate_request(request, schema_name=self.schema_name)
            if refusal is not None:
                return str(refusal.message)
            if scope_key(request.user) != scope_key(user):
                return _("The token no longer names the same user.")
            return None
        session = self.scope.get("session")
        if user.is_authenticated and session is not None and session.session_key:
            store = type(session)(session.session_key)
            if str(store.get("_auth_user_id")) != str(user.pk):
                return _("The session ended.")
        return None

    async def close_for_credentials(self, reason: str) -> None:
        await self.close(p.FORBIDDEN)


_HANDLERS = {
    p.TRANSPORT_WS: {
        "connection_init": GraphQLSubscriptionConsumer.on_init,
        "ping": GraphQLSubscriptionConsumer.on_ping,
        "pong": GraphQLSubscriptionConsumer.on_pong,
        "subscribe": GraphQLSubscriptionConsumer.on_subscribe,
        "complete": GraphQLSubscriptionConsumer.on_complete,
    },
    p.LEGACY_WS: {
        "connection_init": GraphQLSubscriptionConsumer.on_init,
        "start": GraphQLSubscriptionConsumer.on_subscribe,
        "stop": GraphQLSubscriptionConsumer.on_complete,
        "connection_terminate": GraphQLSubscriptionConsumer.on_terminate,
    },
}


def _origin_allowed(scope: Any) -> bool:
    origin = None
    for name, value in scope.get("headers", ()):
        if name == b"origin":
            origin = value.decode("latin1")
    if origin is None:
        return True
    host = urlsplit(origin).netloc
    if not host:
        return False
    allowed = list(django_settings.ALLOWED_HOSTS)
    if django_settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return validate_host(host.rsplit("@", 1)[-1].split(":")[0], allowed)


def get_subscription_consumer(schema_name: str = "gql") -> Any:
    """The ASGI application serving ``schema_name``'s operations over websockets.

    Use it in ``root/asgi.py`` under channels' ``AuthMiddlewareStack``. An unknown schema name
    raises ``ImproperlyConfigured`` at once (at start-up, not on the first connection).
    """
    from django.core.exceptions import ImproperlyConfigured

    name = canonical_name(schema_name)
    if schema_registry.get(name) is None:
        raise ImproperlyConfigured(
            _("get_subscription_consumer(%(name)r): no GraphQL schema has that name.")
            % {"name": schema_name}
        )
    consumer = type(
        f"GraphQLSubscriptionConsumer_{name}",
        (GraphQLSubscriptionConsumer,),
        {"schema_name": name, "__module__": __name__},
    )
    return consumer.as_asgi()

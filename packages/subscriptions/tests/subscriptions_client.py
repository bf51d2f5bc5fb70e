"""A websocket client over channels' communicator, speaking either subprotocol."""

from __future__ import annotations

import json
from typing import Any

from channels.testing import WebsocketCommunicator
from subscriptions_testapp.routing import application

TRANSPORT = "graphql-transport-ws"
LEGACY = "graphql-ws"


class Socket:
    def __init__(
        self,
        protocol: str | None = TRANSPORT,
        *,
        user: Any = None,
        headers=None,
        schema: str = "subs",
        subprotocols=None,
    ) -> None:
        offered = subprotocols if subprotocols is not None else ([protocol] if protocol else [])
        self.protocol = protocol
        self.pending: list[Any] = []
        self.communicator = WebsocketCommunicator(
            application(schema), "/graphql/", subprotocols=offered, headers=headers or []
        )
        if user is not None:
            # What AuthMiddlewareStack would have read from the session cookie.
            self.communicator.scope["user"] = user

    async def connect(self) -> tuple[bool, Any]:
        return await self.communicator.connect()

    async def open(self, payload: Any = None) -> dict[str, Any]:
        connected, _ = await self.connect()
        assert connected
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.receive()

    async def send(self, message: Any) -> None:
        await self.communicator.send_json_to(message)

    async def send_text(self, text: str) -> None:
        await self.communicator.send_to(text_data=text)

    async def receive(self, timeout: float = 3) -> dict[str, Any]:
        if self.pending:
            return self.pending.pop(0)
        while True:
            message = await self.communicator.receive_json_from(timeout)
            if message.get("type") != "ka":
                return message

    async def subscribe(self, sub_id: str, query: str, variables: Any = None) -> None:
        kind = "subscribe" if self.protocol == TRANSPORT else "start"
        payload = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        await self.send({"id": sub_id, "type": kind, "payload": payload})

    async def closed_with(self, timeout: float = 3) -> int | None:
        """The close code the server sent (skipping other messages)."""
        for output in self.pending:
            if output.get("type") == "websocket.close":
                return output.get("code")
        while True:
            output = await self.communicator.receive_output(timeout)
            if output["type"] == "websocket.close":
                return output.get("code")

    async def nothing(self, timeout: float = 0.3) -> bool:
        """Whether no message but keep-alives came within ``timeout`` (others are kept for
        :meth:`receive`)."""
        while not await self.communicator.receive_nothing(timeout):
            output = await self.communicator.receive_output(timeout)
            if output["type"] == "websocket.close":
                self.pending.append(output)
                return False
            message = json.loads(output["text"])
            if message.get("type") != "ka":
                self.pending.append(message)
                return False
        return not self.pending

    async def disconnect(self) -> None:
        await self.communicator.disconnect()

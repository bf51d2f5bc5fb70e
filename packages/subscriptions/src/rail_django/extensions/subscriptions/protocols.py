"""The two websocket subprotocols: their names, message types and close codes.

``graphql-transport-ws`` is the protocol of the graphql-ws library (Apollo's ``GraphQLWsLink``);
``graphql-ws`` the legacy one of subscriptions-transport-ws (Apollo's ``WebSocketLink``). A
client offers one or both; the current protocol wins when both are offered.
"""

from __future__ import annotations

import json
from typing import Any

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"
#: In order of preference.
SUPPORTED = (TRANSPORT_WS, LEGACY_WS)

# Close codes (graphql-ws PROTOCOL.md; 1009 and 1013 are RFC 6455's).
INVALID_MESSAGE = 4400
UNAUTHORIZED = 4401
FORBIDDEN = 4403
SUBPROTOCOL_NOT_ACCEPTABLE = 4406
INIT_TIMEOUT = 4408
DUPLICATE_SUBSCRIBER = 4409
TOO_MANY_INIT = 4429
MESSAGE_TOO_BIG = 1009
TRY_AGAIN_LATER = 1013


def choose_subprotocol(offered: Any) -> str | None:
    """The subprotocol to speak with a client offering ``offered`` (``None``: none is known)."""
    offered = list(offered or ())
    for name in SUPPORTED:
        if name in offered:
            return name
    return None


def frame_template(protocol: str, sub_id: str) -> str:
    """The ``next`` (current) or ``data`` (legacy) message of subscription ``sub_id`` with
    ``%s`` where the payload's JSON goes: built once per subscription, filled once per event."""
    kind = "next" if protocol == TRANSPORT_WS else "data"
    quoted = json.dumps(sub_id).replace("%", "%%")
    return '{"id":' + quoted + ',"type":"' + kind + '","payload":%s}'


def message(kind: str, sub_id: str | None = None, payload: Any = None) -> str:
    out: dict[str, Any] = {"type": kind}
    if sub_id is not None:
        out["id"] = sub_id
    if payload is not None:
        out["payload"] = payload
    return json.dumps(out, separators=(",", ":"), default=str)


def authorization_of(payload: Any) -> str | None:
    """The ``Authorization`` a ``connection_init`` payload carries: ``Authorization`` /
    ``authorization`` (``"Bearer <token>"``), or ``authToken`` (the bare token)."""
    if not isinstance(payload, dict):
        return None
    for key in ("Authorization", "authorization"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    headers = payload.get("headers")
    if isinstance(headers, dict):
        found = authorization_of({k: v for k, v in headers.items() if k.lower() == "authorization"})
        if found:
            return found
    token = payload.get("authToken")
    if isinstance(token, str) and token.strip():
        token = token.strip()
        return token if token.lower().startswith("bearer ") else f"Bearer {token}"
    return None

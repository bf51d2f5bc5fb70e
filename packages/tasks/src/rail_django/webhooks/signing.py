"""Standard Webhooks v1 signatures.

The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``; the signature is
``v1,<base64 of HMAC-SHA256>`` keyed with the base64-decoded part of a ``whsec_...`` secret.
During a key rotation an endpoint lists several secrets and every one signs, space separated,
so a receiver that knows either key verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable


def secret_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(secrets: Iterable[str], message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: one ``v1,...`` per secret."""
    return " ".join(sign(secret, message_id, timestamp, body) for secret in secrets)


def signing_headers(
    secrets: Iterable[str], message_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    headers = {"webhook-id": message_id, "webhook-timestamp": str(timestamp)}
    secrets = list(secrets)
    if secrets:
        headers["webhook-signature"] = signature_header(secrets, message_id, timestamp, body)
    return headers

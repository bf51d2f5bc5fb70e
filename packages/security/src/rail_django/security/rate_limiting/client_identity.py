"""Who a request is counted against: the signed-in user, else the client's IP address.

The address is Django's ``REMOTE_ADDR``. ``X-Forwarded-For`` and its kin are written by the
client unless a proxy you run overwrites them, so they are read only when
``security_settings.rate_limit_trusted_proxy_header`` names one; then the address is the entry
``rate_limit_trusted_proxy_count`` places from the right (the one your outermost proxy appended),
and ``REMOTE_ADDR`` when the header is missing, too short or not an address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

__all__ = ["client_address", "rate_subject"]


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: Any, security: Mapping[str, Any]) -> str:
    """The client's IP address under the schema's proxy settings (see the module docstring)."""
    meta = getattr(request, "META", None) or {}
    remote = str(meta.get("REMOTE_ADDR") or "unknown")
    header = security.get("rate_limit_trusted_proxy_header")
    if not header:
        return remote
    entries = [entry for entry in str(meta.get(_meta_key(header), "")).split(",") if entry.strip()]
    count = int(security.get("rate_limit_trusted_proxy_count") or 1)
    if len(entries) < count:
        return remote
    return _valid(entries[-count]) or remote


def rate_subject(request: Any, security: Mapping[str, Any]) -> str:
    """``user:<pk>`` for a signed-in user (every address they use shares one budget), else
    ``ip:<address>``."""
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{client_address(request, security)}"

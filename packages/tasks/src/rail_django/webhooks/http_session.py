"""Kept-alive HTTP connections for deliveries, one per worker thread and endpoint host.

A fresh TCP (and TLS) connection per delivery costs more than the delivery; a thread keeps its
connection to a host and reuses it. A redirect answer is not followed here: the caller sends
that delivery again through :func:`~rail_django.webhooks.network.opener_for`, which applies
the redirect policy.
"""

from __future__ import annotations

import http.client
import threading
from urllib.parse import urlsplit

_local = threading.local()
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _connection(scheme: str, host: str, port: int | None, timeout: float):
    pool = getattr(_local, "pool", None)
    if pool is None:
        pool = _local.pool = {}
    key = (scheme, host, port)
    connection = pool.get(key)
    if connection is None:
        kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        connection = pool[key] = kind(host, port, timeout=timeout)
    connection.timeout = timeout
    return key, pool, connection


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST ``body`` to ``url`` on this thread's connection; returns the status code. A broken
    kept-alive connection (closed by the server meanwhile) is reopened once."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    for attempt in (1, 2):
        key, pool, connection = _connection(parts.scheme, parts.hostname or "", parts.port, timeout)
        try:
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            response.read(65536)
            if response.will_close:
                connection.close()
                pool.pop(key, None)
            return response.status
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            connection.close()
            pool.pop(key, None)
            if attempt == 2:
                raise
        except Exception:
            connection.close()
            pool.pop(key, None)
            raise
    raise AssertionError("unreachable")

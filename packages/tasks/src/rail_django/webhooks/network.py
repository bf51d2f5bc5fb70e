"""Outbound safety: which addresses a delivery may reach.

Endpoints the operator wrote in settings are trusted as written (internal services on private
networks, tests on 127.0.0.1), unless ``deny_private_targets`` is on. A redirect is never
followed to a private, loopback or link-local address unless the endpoint itself is one.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from typing import Any
from urllib.parse import urlsplit


class TargetRefused(Exception):
    """The URL points somewhere a delivery may not go (its message is safe to log)."""


def is_private_host(host: str) -> bool:
    """Whether ``host`` (a name or an address) resolves to a private, loopback, link-local,
    reserved or multicast address (any of its addresses)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
        ):
            return True
    return False


def check_endpoint(url: str, *, deny_private: bool) -> None:
    host = urlsplit(url).hostname or ""
    if deny_private and is_private_host(host):
        raise TargetRefused(f"endpoint host {host!r} is a private address")


class _RedirectPolicy(urllib.request.HTTPRedirectHandler):
    def __init__(self, endpoint_private: bool, deny_private: bool) -> None:
        self._may_reach_private = endpoint_private and not deny_private

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str):
        parts = urlsplit(newurl)
        if parts.scheme not in ("http", "https"):
            raise TargetRefused(f"redirect to a {parts.scheme!r} URL refused")
        if not self._may_reach_private and is_private_host(parts.hostname or ""):
            raise TargetRefused("redirect to a private address refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def opener_for(url: str, *, deny_private: bool) -> urllib.request.OpenerDirector:
    """An opener for deliveries to ``url`` that enforces the redirect policy."""
    endpoint_private = is_private_host(urlsplit(url).hostname or "")
    return urllib.request.build_opener(_RedirectPolicy(endpoint_private, deny_private))

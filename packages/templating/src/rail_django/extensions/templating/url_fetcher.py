"""The URL fetcher every render uses: deny by default.

WeasyPrint loads stylesheets, images and fonts a template names. Left to its default fetcher a
template (or user data that reaches one) can read local files or reach internal services
(SSRF; WeasyPrint's redirect bypass CVE-2025-68616 and the attachment bypass GHSA-35jj-wx47-4w8r).
This fetcher allows only:

- ``file://`` paths inside ``STATIC_ROOT``, ``MEDIA_ROOT`` or ``STATICFILES_DIRS`` (after
  resolving symlinks), and ``/static/...`` / ``/media/...`` URLs mapped to those folders;
- ``data:`` URLs;
- http(s) to hosts on ``url_fetcher.allowed_hosts`` whose every address is public (loopback,
  private, link-local, reserved and multicast addresses are refused unless the host is also on
  ``allowed_private_hosts``).

Every redirect goes back through :meth:`SafeUrlFetcher.fetch` (WeasyPrint >= 68 routes
urllib's redirect handler through it), so a redirect to a forbidden place is refused too. A
resource larger than ``max_resource_bytes`` is refused while it is read. A refusal is fatal to
the render (:class:`ResourceRefused`), so it is never silently rendered without.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils.translation import gettext as _
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

#: The base URL templates render against: root-relative links become ``file:///...`` and are
#: mapped to the static / media folders below.
BASE_URL = "file:///"


class ResourceRefused(FatalURLFetchingError):
    """A template asked for a resource the fetcher policy does not allow."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason


def _roots() -> list[Path]:
    roots = [getattr(settings, "STATIC_ROOT", None), getattr(settings, "MEDIA_ROOT", None)]
    for entry in getattr(settings, "STATICFILES_DIRS", ()) or ():
        roots.append(entry[1] if isinstance(entry, tuple | list) else entry)
    return [Path(root).resolve() for root in roots if root]


def _static_file(path: str) -> tuple[Path | None, bool]:
    """A ``/static/...`` or ``/media/...`` path as a file of the project, and whether it was
    found by the staticfiles finders (then it is a static file by definition, app folders
    included). ``(None, False)``: neither prefix."""
    static_url = "/" + (getattr(settings, "STATIC_URL", "") or "").strip("/") + "/"
    media_url = "/" + (getattr(settings, "MEDIA_URL", "") or "").strip("/") + "/"
    for prefix, is_static in ((static_url, True), (media_url, False)):
        if prefix == "//" or not path.startswith(prefix):
            continue
        relative = path[len(prefix) :]
        if ".." in Path(relative).parts:
            return None, False
        if is_static:
            from django.contrib.staticfiles import finders

            try:
                found = finders.find(relative)
            except SuspiciousFileOperation:
                found = None
            if found:
                return Path(found[0] if isinstance(found, list) else found), True
            root = getattr(settings, "STATIC_ROOT", None)
        else:
            root = getattr(settings, "MEDIA_ROOT", None)
        return (Path(root) / relative if root else None), False
    return None, False


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class SafeUrlFetcher(URLFetcher):
    """A WeasyPrint fetcher enforcing ``url_fetcher`` settings (see the module docstring).

    ``fetched`` lists the URLs actually loaded, ``refused`` the (url, reason) pairs refused.
    """

    def __init__(self, policy: Mapping[str, Any], resolver: Any = None) -> None:
        super().__init__(timeout=policy["timeout_seconds"], allow_redirects=True)
        self._allowed_hosts = {h.lower() for h in policy["allowed_hosts"]}
        self._private_hosts = {h.lower() for h in policy["allowed_private_hosts"]}
        self._schemes = {s.lower() for s in policy["allowed_schemes"]}
        self._max_bytes = int(policy["max_resource_bytes"])
        self._resolve = resolver or _resolve
        self.fetched: list[str] = []
        self.refused: list[tuple[str, str]] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._fetch_file(url)
        self._check_remote(url, scheme)
        response = super().fetch(url, headers)
        body = _read_capped(response, self._max_bytes, url, self._refuse)
        self.fetched.append(url)
        return URLFetcherResponse(response.url, body, response.headers, response.status)

    def _refuse(self, url: str, reason: str) -> ResourceRefused:
        self.refused.append((url, reason))
        return ResourceRefused(url, reason)

    def _check_remote(self, url: str, scheme: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if scheme not in self._schemes:
            raise self._refuse(url, _("The %(scheme)s scheme is not allowed.") % {"scheme": scheme})
        if host not in self._allowed_hosts and host not in self._private_hosts:
            raise self._refuse(url, _("The host %(host)s is not allowed.") % {"host": host})
        if host in self._private_hosts:
            return
        addresses = self._resolve(host, parts.port or (443 if scheme == "https" else 80))
        if not addresses or not all(_is_public(a) for a in addresses):
            raise self._refuse(
                url, _("The host %(host)s resolves to a non-public address.") % {"host": host}
            )

    def _fetch_file(self, url: str) -> URLFetcherResponse:
        path_text = unquote(urlsplit(url).path)
        candidate, found_by_finders = _static_file(path_text)
        try:
            resolved = (candidate or Path(path_text)).resolve(strict=True)
        except (OSError, RuntimeError):
            raise self._refuse(url, _("No such static or media file.")) from None
        inside = found_by_finders or any(resolved.is_relative_to(r) for r in _roots())
        if not resolved.is_file() or not inside:
            raise self._refuse(url, _("Files outside the static and media folders are refused."))
        if resolved.stat().st_size > self._max_bytes:
            raise self._refuse(url, _("The resource is larger than max_resource_bytes."))
        content_type = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        self.fetched.append(url)
        return URLFetcherResponse(
            resolved.as_uri(), resolved.read_bytes(), {"Content-Type": content_type}
        )


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def _read_capped(response: Any, limit: int, url: str, refuse: Any) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in iter(lambda: response.read(64 * 1024), b""):
            size += len(chunk)
            if size > limit:
                raise refuse(url, _("The resource is larger than max_resource_bytes."))
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks)

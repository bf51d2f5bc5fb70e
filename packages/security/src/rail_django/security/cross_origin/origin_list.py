"""The values ``security_settings.allowed_origins`` accepts, and how a request's origin is
matched against them.

An entry is ``"*"`` (any origin, never with credentials; alone in the list) or one exact origin,
``scheme://host[:port]`` as a browser sends it in the ``Origin`` header: no path, no trailing
slash, no wildcard. Matching is exact (ASCII case aside): ``https://shop.example.com`` does not
allow ``https://shop.example.com.evil.net``, ``https://evilshop.example.com`` nor
``http://shop.example.com``. ``"null"`` (sent by sandboxed frames, ``file:`` pages and some
redirects, so forgeable by any site) is never allowed by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

__all__ = ["ANY_ORIGIN", "allowed_origin", "origin_list_problems"]

#: The entry that allows every origin, without credentials.
ANY_ORIGIN = "*"

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*$")
_HOST = re.compile(r"^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$")


def _origin_problem(entry: object) -> str | None:
    if not isinstance(entry, str):
        return _("allowed_origins entries must be strings (got %(value)r)") % {"value": entry}
    if entry.strip().lower() == "null":
        return _(
            "allowed_origins must not contain 'null': any site can send that origin from a "
            "sandboxed frame"
        )
    shape = _(
        "allowed_origins: %(value)r is not an origin; write scheme://host[:port] exactly as "
        "the browser sends it (no path, no trailing slash, no wildcard)"
    ) % {"value": entry}
    try:
        parts = urlsplit(entry)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return shape
    host = parts.netloc.rsplit("@", 1)[-1]
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if (
        not _SCHEME.match(parts.scheme.lower())
        or not hostname
        or not _HOST.match(hostname.lower())
        or "@" in parts.netloc
        or parts.path
        or parts.query
        or parts.fragment
        or entry.endswith(("?", "#"))
    ):
        return shape
    return None


def origin_list_problems(origins: Sequence[object]) -> Iterable[str]:
    """What is wrong with an ``allowed_origins`` value (nothing for a valid one)."""
    if ANY_ORIGIN in origins and len(origins) > 1:
        yield _(
            "allowed_origins: '*' allows every origin and must be alone; list exact origins "
            "instead to allow credentials"
        )
    for entry in origins:
        if entry == ANY_ORIGIN:
            continue
        problem = _origin_problem(entry)
        if problem is not None:
            yield problem


def allowed_origin(origins: Sequence[str], origin: str) -> str | None:
    """The ``Access-Control-Allow-Origin`` value for a request from ``origin``: ``"*"`` when the
    list allows any origin, ``origin`` itself when it is listed, else ``None``."""
    if ANY_ORIGIN in origins:
        return ANY_ORIGIN
    if origin.lower() == "null":
        return None
    wanted = origin.lower()
    for entry in origins:
        if entry.lower() == wanted:
            return origin
    return None

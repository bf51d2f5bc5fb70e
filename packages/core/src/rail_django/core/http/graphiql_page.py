"""The GraphiQL page: who may see it, and the page itself.

GraphiQL is served on ``GET`` to clients that prefer ``text/html`` (browsers), at the schema's
own endpoint URL. Its assets (GraphiQL, React, ReactDOM, pinned npm releases) are static files
shipped in core's wheel under ``rail_django/graphiql/vendor/``: the page loads nothing from a CDN
and works with no internet. The page's own script sends queries as a same-origin JSON ``POST``;
headers typed in GraphiQL's header editor (``Authorization``) travel as HTTP headers, never in
the URL, and are not persisted to local storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.http.problem import HttpProblem
from rail_django.core.http.request_parsing import GRAPHQL_RESPONSE_MEDIA_TYPE, JSON_MEDIA_TYPE

TEMPLATE = "rail_django/graphiql.html"
VENDOR_DIR = "rail_django/graphiql/vendor"
VENDOR_ASSETS = (
    f"{VENDOR_DIR}/react.production.min.js",
    f"{VENDOR_DIR}/react-dom.production.min.js",
    f"{VENDOR_DIR}/graphiql.min.js",
    f"{VENDOR_DIR}/graphiql.min.css",
)
_STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"


def wants_graphiql(request: HttpRequest) -> bool:
    """A ``GET`` from a client that prefers HTML over JSON (a browser's address bar)."""
    if request.method != "GET" or "HTTP_ACCEPT" not in request.META:
        return False
    preferred = request.get_preferred_type(
        [JSON_MEDIA_TYPE, GRAPHQL_RESPONSE_MEDIA_TYPE, "text/html"]
    )
    return preferred == "text/html"


def check_graphiql_access(request: HttpRequest, schema_settings: Mapping[str, Any]) -> None:
    """Raise :class:`HttpProblem` unless this request may see GraphiQL.

    ``enable_graphiql`` off: 404 (the UI does not exist). ``graphiql_allowed_hosts`` non-empty
    and the request's host (with or without its port) not listed: 403.
    ``graphiql_superuser_only`` and the user is not an active superuser: 403.
    """
    if not schema_settings.get("enable_graphiql", True):
        raise HttpProblem(404, ErrorCode.NOT_FOUND, _("GraphiQL is disabled for this schema."))
    allowed = [str(host).lower() for host in schema_settings.get("graphiql_allowed_hosts") or ()]
    if allowed:
        host = request.get_host().lower()
        hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if host not in allowed and hostname not in allowed:
            raise HttpProblem(
                403, ErrorCode.PERMISSION_DENIED, _("GraphiQL is not available on this host.")
            )
    if schema_settings.get("graphiql_superuser_only"):
        user = getattr(request, "user", None)
        if not (user is not None and user.is_active and user.is_superuser):
            raise HttpProblem(
                403, ErrorCode.PERMISSION_DENIED, _("GraphiQL is available to superusers only.")
            )


def render_graphiql(request: HttpRequest, schema_name: str) -> HttpResponse:
    """The GraphiQL page for ``schema_name``, posting to the URL it was served from."""
    config = {"endpoint": request.path, "schemaName": schema_name}
    # The page echoes Django's CSRF cookie as X-CSRFToken: make sure it has one to echo, since
    # session-authenticated requests need it (security_settings.enable_csrf_protection).
    get_token(request)
    response = render(request, TEMPLATE, {"schema_name": schema_name, "graphiql_config": config})
    # The page frames nothing and must not be framed (clickjacking on a logged-in admin).
    response["X-Frame-Options"] = "DENY"
    response["Referrer-Policy"] = "same-origin"
    return response


def missing_assets() -> list[str]:
    """The vendored GraphiQL assets that cannot be found as static files."""
    from django.conf import settings

    if "django.contrib.staticfiles" in settings.INSTALLED_APPS:
        from django.contrib.staticfiles import finders

        return [asset for asset in VENDOR_ASSETS if not finders.find(asset)]
    return [asset for asset in VENDOR_ASSETS if not (_STATIC_ROOT / asset).is_file()]

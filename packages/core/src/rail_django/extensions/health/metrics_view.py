"""``GET /metrics/``: the Prometheus scrape endpoint, never public.

A scraper sends ``Authorization: Bearer <monitoring_settings.metrics_token>``; a signed-in user
(session or token, through Rail Django's authentication) needs ``metrics_permission``. Anyone
else gets 401 / 403 with a ``RAIL_GQL_*`` code. With ``enable_metrics`` off the endpoint is 404.
"""

from __future__ import annotations

import hmac

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.errors import ErrorPolicy, request_error
from rail_django.core.http import authenticate_request
from rail_django.core.http.response_json import dumps
from rail_django.core.settings_sections import schema_settings


def _error(message: str, code: ErrorCode, status: int) -> HttpResponse:
    body = {"errors": [request_error(message, code, ErrorPolicy.for_schema(None))]}
    response = HttpResponse(dumps(body), status=status, content_type="application/json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    return response


def _token_matches(request: HttpRequest, token: str | None) -> bool:
    if not token:
        return False
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    section = schema_settings(None)["monitoring_settings"]
    if not section["enable_metrics"]:
        return _error(gettext("Metrics are not enabled."), ErrorCode.NOT_FOUND, 404)
    if not _token_matches(request, section["metrics_token"]):
        refusal = authenticate_request(request, schema_name="gql")
        user = getattr(request, "user", None)
        if refusal is not None or not getattr(user, "is_authenticated", False):
            return _error(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED, 401)
        if not user.has_perm(section["metrics_permission"]):
            return _error(
                gettext("You may not read the metrics."), ErrorCode.PERMISSION_DENIED, 403
            )
    try:
        from rail_django.extensions.health.metrics import exposition
    except ImportError:  # prometheus_client missing: say so, never a 500
        message = gettext('Install prometheus-client: pip install "rail-django-core[health]".')
        return _error(message, ErrorCode.NOT_FOUND, 404)
    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)

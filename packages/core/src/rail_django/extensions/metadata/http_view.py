"""``GET /graphql/<schema>/metadata/<app>/<model>/``: ``modelSchema`` as JSON, with an ETag.

For UI builders that cache over HTTP: the ETag is the document's ``metadataVersion``, so a
request carrying ``If-None-Match`` with the current version gets ``304 Not Modified`` and no
body. The keys are camelCase, as in the GraphQL answer. Authentication is every Rail Django
endpoint's (session or the installed token authenticator).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from graphene.utils.str_converters import to_camel_case

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.core.errors import ErrorPolicy, request_error
from rail_django.core.http import authenticate_request, finish_response, refusal_response
from rail_django.core.http.response_json import dumps
from rail_django.core.registry import SchemaNotFound, schema_registry
from rail_django.extensions.metadata.query_fields import ensure_reader, lookup, service_for

_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.OPERATION_DISABLED: 404,
    ErrorCode.SCHEMA_NOT_FOUND: 404,
}


def camel_keys(value: Any) -> Any:
    """``value`` with every dict key in camelCase (``custom_metadata`` left as declared)."""
    if isinstance(value, dict):
        return {
            to_camel_case(k): (v if k == "custom_metadata" else camel_keys(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [camel_keys(item) for item in value]
    return value


def _error(message: str, code: ErrorCode, schema_name: str | None) -> HttpResponse:
    body = {"errors": [request_error(message, code, ErrorPolicy.for_schema(schema_name))]}
    return HttpResponse(dumps(body), status=_STATUS.get(code, 400), content_type="application/json")


@require_safe
def model_schema_view(request: HttpRequest, schema_name: str, app: str, model: str) -> Any:
    try:
        schema = schema_registry.get_schema(schema_name)
    except SchemaNotFound as exc:
        return _error(str(exc), ErrorCode.SCHEMA_NOT_FOUND, None)
    refusal = authenticate_request(request, schema_name=schema_name)
    if refusal is not None:
        return refusal_response(refusal, schema_name=schema_name)
    runtime = getattr(schema, "runtime", None)
    service = service_for(runtime)
    try:
        if service is None:
            raise RailError(gettext("Model metadata is not enabled."), ErrorCode.OPERATION_DISABLED)
        ensure_reader(runtime, request.user)
        document = service.model_schema(lookup(service, app, model), request.user, request)
    except RailError as exc:
        return _error(exc.message, exc.code, schema_name)
    etag = f'"{document["metadata_version"]}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(dumps(camel_keys(document)), content_type="application/json")
    response["ETag"] = etag
    # The document depends on who asks: caches must key on the credentials.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie", "Authorization", "Accept-Language"))
    return finish_response(request, response)

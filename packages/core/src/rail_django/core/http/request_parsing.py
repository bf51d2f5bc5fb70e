"""Reading a GraphQL request out of an HTTP request (GraphQL-over-HTTP, JSON).

Accepted: ``POST`` with an ``application/json`` body (UTF-8) holding one object
``{"query", "variables", "operationName", "extensions"}``, ``GET`` with the same names as
query-string parameters (``variables``/``extensions`` JSON-encoded), and, for file uploads only,
a GraphQL multipart request (:mod:`.multipart_request`: CSRF-checked when it carries cookies,
and refused unless its files go to ``Upload`` variables). Everything else is refused with a
precise status and code before the document is parsed:

- any other body type (form-urlencoded, text/plain, application/graphql): 415. Those are the
  types a browser sends cross-site without a CORS preflight, so refusing them is what makes the
  endpoint CSRF-safe with cookie authentication;
- a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's own cap, 2.5 MB by default): 413;
- a JSON array (a batch): 400. Batching multiplies every per-request limit (depth, complexity,
  rate limits, throttled MFA attempts), so it is refused; send one operation per request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.http.multipart_request import is_multipart, read_multipart
from rail_django.core.http.problem import HttpProblem

JSON_MEDIA_TYPE = "application/json"
GRAPHQL_RESPONSE_MEDIA_TYPE = "application/graphql-response+json"
DEFAULT_MAX_BODY_BYTES = 2_621_440


@dataclass(frozen=True)
class GraphQLParams:
    """The parameters of one GraphQL request."""

    query: str  # "" when only a persisted query's hash was sent
    variables: Mapping[str, Any] = field(default_factory=dict)
    operation_name: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)
    #: A multipart request: the variable paths its files were put at (checked to be Uploads).
    multipart: bool = False
    upload_paths: tuple[str, ...] = ()


def read_params(request: HttpRequest) -> GraphQLParams:
    """The request's GraphQL parameters, or :class:`HttpProblem` saying what is wrong."""
    if request.method == "GET":
        return _from_mapping(
            {key: request.GET.get(key) for key in ("query", "operationName")},
            variables=_json_param(request.GET.get("variables"), "variables"),
            extensions=_json_param(request.GET.get("extensions"), "extensions"),
        )
    if request.method != "POST":
        raise HttpProblem(
            405,
            ErrorCode.METHOD_NOT_ALLOWED,
            _("%(method)s is not supported: use POST (or GET for queries).")
            % {"method": request.method},
            {"Allow": "GET, POST"},
        )
    if is_multipart(request):
        operations, paths = read_multipart(request, max_body_bytes())
        params = _from_mapping(
            operations,
            variables=operations.get("variables"),
            extensions=operations.get("extensions"),
        )
        return replace(params, multipart=True, upload_paths=tuple(paths))
    _check_content_type(request)
    body = _read_body(request)
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise HttpProblem(400, ErrorCode.BAD_REQUEST, _("The body is not valid UTF-8.")) from None
    except ValueError as exc:
        raise HttpProblem(
            400,
            ErrorCode.BAD_REQUEST,
            _("The body is not valid JSON: %(reason)s.") % {"reason": exc},
        ) from None
    except RecursionError:  # "[[[[..." within the body cap: Python's parser recurses
        raise HttpProblem(400, ErrorCode.BAD_REQUEST, "The body is nested too deeply.") from None
    if isinstance(payload, list):
        raise HttpProblem(
            400,
            ErrorCode.BAD_REQUEST,
            _("Batched requests are not supported: send one operation per request."),
        )
    if not isinstance(payload, dict):
        raise HttpProblem(
            400, ErrorCode.BAD_REQUEST, _("The body must be a JSON object with a 'query' member.")
        )
    return _from_mapping(
        payload,
        variables=payload.get("variables"),
        extensions=payload.get("extensions"),
    )


def response_media_type(request: HttpRequest) -> str:
    """``application/graphql-response+json`` when the client prefers it, else JSON."""
    if "HTTP_ACCEPT" not in request.META:
        return JSON_MEDIA_TYPE
    preferred = request.get_preferred_type([JSON_MEDIA_TYPE, GRAPHQL_RESPONSE_MEDIA_TYPE])
    return preferred or JSON_MEDIA_TYPE


def max_body_bytes() -> int:
    """The body cap: Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (or 2.5 MB when it is ``None``)."""
    configured = getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None)
    return configured if isinstance(configured, int) else DEFAULT_MAX_BODY_BYTES


def _check_content_type(request: HttpRequest) -> None:
    media_type = (request.content_type or "").lower()
    if media_type != JSON_MEDIA_TYPE:
        shown = media_type or _("none")
        raise HttpProblem(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            _("Unsupported Content-Type %(type)r: send the request as application/json.")
            % {"type": shown},
            {"Accept-Post": JSON_MEDIA_TYPE},
        )
    charset = (request.content_params or {}).get("charset", "utf-8").lower()
    if charset not in {"utf-8", "utf8"}:
        raise HttpProblem(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            _("Unsupported charset %(charset)r: send the body as UTF-8.") % {"charset": charset},
        )


def _read_body(request: HttpRequest) -> bytes:
    limit = max_body_bytes()
    too_big = HttpProblem(
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        ngettext(
            "The request body is larger than %(limit)s byte.",
            "The request body is larger than %(limit)s bytes.",
            limit,
        )
        % {"limit": limit},
    )
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise too_big
    try:
        body = request.body
    except RequestDataTooBig:
        raise too_big from None
    if len(body) > limit:
        raise too_big
    return body


def _json_param(raw: str | None, name: str) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise HttpProblem(
            400,
            ErrorCode.BAD_REQUEST,
            _("The '%(name)s' parameter is not valid JSON.") % {"name": name},
        ) from None


def _from_mapping(payload: Mapping[str, Any], *, variables: Any, extensions: Any) -> GraphQLParams:
    query = payload.get("query")
    if query is None and isinstance(extensions, dict) and "persistedQuery" in extensions:
        # A hash instead of the document (automatic persisted queries, registered operations):
        # the persisted-operations step finds the document or answers why it cannot.
        query = ""
    elif query is None or (isinstance(query, str) and not query.strip()):
        raise HttpProblem(400, ErrorCode.BAD_REQUEST, _("The request has no 'query'."))
    if not isinstance(query, str):
        raise HttpProblem(400, ErrorCode.BAD_REQUEST, _("'query' must be a string."))
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise HttpProblem(
            400, ErrorCode.BAD_REQUEST, _("'operationName' must be a string or null.")
        )
    if variables is not None and not isinstance(variables, dict):
        raise HttpProblem(400, ErrorCode.BAD_REQUEST, _("'variables' must be an object or null."))
    if extensions is not None and not isinstance(extensions, dict):
        raise HttpProblem(400, ErrorCode.BAD_REQUEST, _("'extensions' must be an object or null."))
    return GraphQLParams(query, variables or {}, operation_name or None, extensions or {})

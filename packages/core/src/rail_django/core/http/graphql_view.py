"""The GraphQL endpoint: one view serving every registered schema.

Status codes (GraphQL-over-HTTP, with one documented choice): a request refused before
execution answers 4xx with ``{"errors": [...]}`` and no ``data`` (400 for a syntax, limit,
validation, unknown-operation or variable error; 401 invalid, expired or revoked credentials,
see :mod:`.request_authentication`; 403 a cookie request failing CSRF; 404 unknown schema; 405
wrong method or a mutation over GET; 413 body too large; 415 not JSON, nor a multipart request
for file uploads, see :mod:`.multipart_request`). Once execution starts the answer is 200, with
``data`` and any field ``errors``. A CORS preflight allowed to reach the schema is answered 204
(see :mod:`.cross_origin`). graphene-django answers the same way,
so existing clients keep working; the response is ``application/graphql-response+json`` when the
client asks for it, else ``application/json``.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from graphql import ExecutionResult, OperationType, get_operation_ast

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.settings_registry import ResolvedSettings, settings_registry
from rail_django.core.errors import (
    ErrorContext,
    ErrorPolicy,
    format_errors,
    report_internal_error,
    request_error,
)
from rail_django.core.http.cross_origin import add_cross_origin_headers, preflight_response
from rail_django.core.http.document_cache import DocumentCache
from rail_django.core.http.execution_guard import ExecutionGuard
from rail_django.core.http.graphiql_page import (
    check_graphiql_access,
    render_graphiql,
    wants_graphiql,
)
from rail_django.core.http.multipart_request import prepare_uploads
from rail_django.core.http.operation_admission import add_admission_headers, admit_operation
from rail_django.core.http.persisted_queries import resolve_document
from rail_django.core.http.problem import HttpProblem
from rail_django.core.http.production_posture import (
    graphiql_settings,
    introspection_closed_for,
    may_introspect,
)
from rail_django.core.http.request_authentication import (
    authenticate_request,
    finish_response,
    refusal_response,
)
from rail_django.core.http.request_metrics import SqlCounter
from rail_django.core.http.request_observers import (
    RequestEvent,
    errors_of,
    notify,
    observing,
)
from rail_django.core.http.request_parsing import read_params, response_media_type
from rail_django.core.http.response_json import dumps
from rail_django.core.http.upload_variables import check_upload_paths
from rail_django.core.registry import DEFAULT_SCHEMA_NAME, canonical_name, schema_registry
from rail_django.core.validation import gate_rules, max_tokens
from rail_django.core.validation.document_rules import document_rules, introspection_allowed
from rail_django.core.validation.no_schema_introspection import NoSchemaIntrospection

logger = logging.getLogger("rail_django.core.errors")

_caches: dict[str, DocumentCache] = {}
#: Where the view notes the operation type of a request, for the request observers.
_OPERATION_ATTRIBUTE = "_rail_operation_type"
#: The methods the endpoint answers, as a CORS preflight is told.
_METHODS = ("GET", "POST")


# Exempt from Django's CSRF middleware on purpose: the view accepts application/json bodies (and
# GET for queries, which never mutate). A cross-site page can send JSON only with a CORS
# preflight, which the browser refuses unless CORS allows the origin; the body types a form can
# send without one (form-urlencoded, text/plain) are refused with 415 before anything runs.
# Django's middleware would also ask a token of bearer-header clients, which no page can
# forge; the token is asked where it matters instead, after authentication: rail-django-security's
# authenticator requires it of requests authenticated by a session or a token cookie
# (security_settings.enable_csrf_protection). Multipart file uploads, the one form a page can
# send, also run Django's CSRF check themselves when the request carries cookies
# (multipart_request).
@method_decorator(csrf_exempt, name="dispatch")
class GraphQLView(View):
    """Serves ``/graphql/<schema>/``: GraphiQL for browsers, GraphQL over JSON for clients."""

    def dispatch(
        self,
        request: HttpRequest,
        *args: Any,
        schema_name: str = DEFAULT_SCHEMA_NAME,
        **kwargs: Any,
    ) -> HttpResponse:
        name = canonical_name(schema_name)
        media_type = response_media_type(request)
        if schema_registry.get(name) is None:
            problem = HttpProblem(
                404,
                ErrorCode.SCHEMA_NOT_FOUND,
                _("No GraphQL schema named %(name)r is served here.") % {"name": schema_name},
            )
            return _problem_response(problem, ErrorPolicy.for_schema(None), media_type)
        # A CORS preflight carries no credentials: answered before anything reads them.
        preflight = preflight_response(request, schema_name=name, methods=_METHODS)
        if preflight is not None:
            return preflight
        response = self._answer(request, name, media_type)
        # On every answer, refusals included: an allowed page reads its 401 or 429 too.
        return add_cross_origin_headers(request, response, schema_name=name, methods=_METHODS)

    def _answer(self, request: HttpRequest, name: str, media_type: str) -> HttpResponse:
        resolved = settings_registry.resolve(name)
        policy = ErrorPolicy.from_settings(
            resolved["error_handling"], resolved["middleware_settings"]
        )
        # Before authentication, which may read the body for its own CSRF check.
        prepare_uploads(request, name)
        # Tokens (security's JWT authenticator) are read here, not by a MIDDLEWARE entry.
        if observing():
            return self._observed(request, name, resolved, policy, media_type)
        refusal = authenticate_request(request, schema_name=name)
        if refusal is not None:
            # Through finish_response too: a refusal may drop cookies (an ended login).
            return finish_response(
                request, refusal_response(refusal, schema_name=name, media_type=media_type)
            )
        return finish_response(request, self._serve(request, name, resolved, policy, media_type))

    def _observed(
        self,
        request: HttpRequest,
        name: str,
        resolved: ResolvedSettings,
        policy: ErrorPolicy,
        media_type: str,
    ) -> HttpResponse:
        """The request, measured for the registered observers (metrics)."""
        started = time.perf_counter()
        with SqlCounter().counting() as counter:
            refusal = authenticate_request(request, schema_name=name)
            if refusal is not None:
                response = finish_response(
                    request, refusal_response(refusal, schema_name=name, media_type=media_type)
                )
            else:
                response = finish_response(
                    request, self._serve(request, name, resolved, policy, media_type)
                )
        codes, categories = errors_of(getattr(response, "content", b""))
        notify(
            RequestEvent(
                schema=name,
                operation_type=getattr(request, _OPERATION_ATTRIBUTE, "unknown"),
                status=response.status_code,
                seconds=time.perf_counter() - started,
                error_codes=codes,
                sql_queries=counter.queries,
                error_categories=categories,
            )
        )
        return response

    def _serve(
        self,
        request: HttpRequest,
        name: str,
        resolved: ResolvedSettings,
        policy: ErrorPolicy,
        media_type: str,
    ) -> HttpResponse:
        try:
            if wants_graphiql(request):
                check_graphiql_access(request, graphiql_settings(resolved))
                return render_graphiql(request, name)
            guard = ExecutionGuard(request, name, resolved)
            response = guard.finish(
                self._graphql(request, name, resolved, policy, media_type, guard)
            )
        except HttpProblem as problem:
            response = _problem_response(problem, policy, media_type)
        # Rate-limit headers go on every answer to a counted operation, refusals included.
        return add_admission_headers(request, response)

    def _graphql(
        self,
        request: HttpRequest,
        name: str,
        resolved: ResolvedSettings,
        policy: ErrorPolicy,
        media_type: str,
        guard: ExecutionGuard,
    ) -> HttpResponse:
        params = resolve_document(read_params(request), name, resolved)
        try:
            schema = schema_registry.get_schema(name)
        except Exception as exc:
            return _build_failure(exc, name, policy, media_type)
        prepared = _cache_for(name, schema, resolved).prepare(params.query)
        # Only a document that introspects, or fails validation (suggestions), asks who sent it:
        # an ordinary query loads no session or user before it runs.
        if may_introspect(params.query, prepared.errors) and introspection_closed_for(
            request, resolved
        ):
            prepared = _cache_for(name, schema, resolved, closed=True).prepare(params.query)
        if prepared.errors:
            guard.refused(prepared.errors)
            errors = format_errors(prepared.errors, policy, prepared.error_code)
            return _json({"errors": errors}, 400, media_type)
        document = prepared.document
        operation = get_operation_ast(document, params.operation_name)
        if operation is None:
            raise HttpProblem(400, ErrorCode.BAD_REQUEST, _operation_problem(document, params))
        setattr(request, _OPERATION_ATTRIBUTE, operation.operation.value)
        if operation.operation is OperationType.SUBSCRIPTION:
            raise HttpProblem(
                400,
                ErrorCode.BAD_REQUEST,
                _("Subscriptions are not served over HTTP: use the WebSocket endpoint."),
            )
        if request.method == "GET" and operation.operation is not OperationType.QUERY:
            raise HttpProblem(
                405,
                ErrorCode.METHOD_NOT_ALLOWED,
                _("Mutations cannot be sent with GET: use POST."),
                {"Allow": "POST"},
            )
        if params.multipart:
            check_upload_paths(schema.graphql_schema, operation, params.upload_paths)
        # Counted before its cost is measured: a refused client pays no complexity walk.
        admit_operation(request, name, document, operation)
        refused = guard.admit(schema.graphql_schema, document, operation, params.variables)
        if refused:
            errors = format_errors(refused, policy, ErrorCode.QUERY_TOO_COMPLEX)
            return _json({"errors": errors}, 400, media_type)
        result = guard.execute(
            schema.graphql_schema,
            document,
            context_value=request,
            variable_values=dict(params.variables),
            operation_name=params.operation_name,
        )
        context = ErrorContext.for_request(
            request, name, params.operation_name, operation.operation.value
        )
        return _execution_response(result, policy, media_type, guard.extensions(), context)


def _execution_response(
    result: Any,
    policy: ErrorPolicy,
    media_type: str,
    extensions: Mapping[str, Any] | None = None,
    context: ErrorContext | None = None,
) -> HttpResponse:
    if not isinstance(result, ExecutionResult):
        # An async resolver in a sync view: a server bug, never the client's.
        close = getattr(result, "close", None)
        if close is not None:
            close()
        raise RuntimeError("The schema returned an awaitable; async resolvers need an ASGI view.")
    errors = result.errors or []
    if result.data is None and errors and all(error.path is None for error in errors):
        # No data and no field path: the request failed before execution (variable coercion).
        payload = {"errors": format_errors(errors, policy, ErrorCode.INVALID_ARGUMENT, context)}
        return _json(payload, 400, media_type)
    payload: dict[str, Any] = {}
    if errors:
        payload["errors"] = format_errors(errors, policy, ErrorCode.BAD_REQUEST, context)
    payload["data"] = result.data
    if extensions:
        payload["extensions"] = dict(extensions)
    return _json(payload, 200, media_type)


def _cache_for(
    name: str, schema: Any, resolved: ResolvedSettings, closed: bool = False
) -> DocumentCache:
    """The schema's document cache; ``closed``: the one validating with introspection off (an
    anonymous request in production, see :mod:`.production_posture`)."""
    key = f"{name}\x00closed" if closed else name
    cache = _caches.get(key)
    if cache is not None and cache.is_for(schema, resolved):
        return cache
    rules = document_rules(schema, resolved)
    if closed:
        rules = (*rules, NoSchemaIntrospection)
    # Built for this schema object and this settings version: a rebuild or changed settings
    # (the settings registry hands out a new ResolvedSettings) replace the cache.
    cache = DocumentCache(
        schema.graphql_schema,
        rules,
        hide_suggestions=closed or not introspection_allowed(resolved),
        built_for=(schema, resolved),
        max_tokens=max_tokens(resolved),
        gate_rules=gate_rules(resolved),
    )
    _caches[key] = cache
    return cache


def _operation_problem(document: Any, params: Any) -> str:
    if params.operation_name:
        return _("Unknown operation named %(name)r.") % {"name": params.operation_name}
    return _("The document holds several operations: say which one to run with 'operationName'.")


def _build_failure(exc: Exception, name: str, policy: ErrorPolicy, media_type: str) -> HttpResponse:
    error_id = uuid.uuid4().hex
    logger.exception("Internal error %s: building schema %r failed.", error_id, name)
    if policy.report_to_sentry:
        report_internal_error(exc, error_id, ErrorContext(schema_name=name))
    error = request_error(_("Internal server error."), ErrorCode.INTERNAL_ERROR, policy)
    error["extensions"]["errorId"] = error_id
    return _json({"errors": [error]}, 500, media_type)


def _problem_response(problem: HttpProblem, policy: ErrorPolicy, media_type: str) -> HttpResponse:
    response = _json(
        {"errors": [request_error(problem.message, problem.code, policy)]},
        problem.status,
        media_type,
    )
    for header, value in problem.headers.items():
        response[header] = value
    return response


def _json(payload: Mapping[str, Any], status: int, media_type: str) -> HttpResponse:
    # orjson when installed (see response_json): serialising is a large share of a big answer.
    return HttpResponse(dumps(payload), status=status, content_type=f"{media_type}; charset=utf-8")

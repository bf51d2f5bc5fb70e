"""One GraphQL operation outside the HTTP view: what websocket consumers run.

A socket endpoint (rail-django-subscriptions) gets the same treatment as ``/graphql/``: the
schema's document cache (parse + validation with its depth, alias, directive and introspection
rules), the complexity limit, the query timeout and row ceiling, the authentication step and the
error formatting. Nothing here is specific to one websocket protocol::

    request = socket_request(scope, authorization="Bearer ...")
    refusal = authenticate_request(request, schema_name="gql")
    outcome = prepare_operation("gql", query, variables, operation_name, request)
    if outcome.errors:
        send_errors(outcome.errors)          # already formatted, with RAIL_GQL_* codes
    else:
        result = execute_operation(outcome, request, root_value=event)

``execute_operation`` runs a subscription document as a single execution against the
Subscription root with ``root_value`` as the event, so a consumer resolves each event with the
ordinary resolvers (object types, field masking, the queryset pipeline).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from django.http import HttpRequest
from graphql import DocumentNode, ExecutionResult, OperationDefinitionNode, get_operation_ast

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.settings_registry import ResolvedSettings, settings_registry
from rail_django.core.errors import ErrorPolicy, format_errors, request_error
from rail_django.core.http.execution_guard import ExecutionGuard
from rail_django.core.registry import canonical_name, schema_registry

__all__ = ["PreparedOperation", "execute_operation", "prepare_operation", "socket_request"]


@dataclass
class PreparedOperation:
    """A document ready to run, or the formatted errors that refuse it.

    ``operation_type`` is ``"query"``, ``"mutation"`` or ``"subscription"``; ``root_field`` the
    name of the first root field (how a subscription finds its event source).
    """

    schema_name: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    document: DocumentNode | None = None
    operation: OperationDefinitionNode | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    operation_name: str | None = None
    graphql_schema: Any = None
    resolved: ResolvedSettings | None = None
    policy: ErrorPolicy = field(default_factory=ErrorPolicy)

    @property
    def operation_type(self) -> str:
        return self.operation.operation.value if self.operation is not None else ""

    @property
    def root_field(self) -> str | None:
        if self.operation is None:
            return None
        for selection in self.operation.selection_set.selections:
            name = getattr(selection, "name", None)
            if name is not None:
                return name.value
        return None


def socket_request(scope: Mapping[str, Any], *, authorization: str | None = None) -> HttpRequest:
    """A Django request standing for an ASGI websocket ``scope``: its headers, cookies, client
    address, session and user (set by channels' ``AuthMiddlewareStack``), plus the
    ``Authorization`` value a client sent in its ``connection_init`` payload. Resolvers and the
    authenticator read it exactly as they read an HTTP request."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = scope.get("path", "/")
    meta: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": request.path}
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin1").upper().replace("-", "_")
        value = raw_value.decode("latin1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        meta[key] = f"{meta[key]},{value}" if key in meta else value
    client = scope.get("client")
    if client:
        meta["REMOTE_ADDR"] = client[0]
    server = scope.get("server")
    if server:
        meta["SERVER_NAME"], meta["SERVER_PORT"] = server[0], str(server[1])
    if authorization:
        meta["HTTP_AUTHORIZATION"] = authorization
    request.META = meta
    cookies = SimpleCookie()
    cookies.load(meta.get("HTTP_COOKIE", ""))
    request.COOKIES = {name: morsel.value for name, morsel in cookies.items()}
    if "session" in scope:
        request.session = scope["session"]
    if "user" in scope:
        request.user = scope["user"]
    else:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    return request


def prepare_operation(
    schema_name: str,
    query: Any,
    variables: Any = None,
    operation_name: Any = None,
    request: HttpRequest | None = None,
) -> PreparedOperation:
    """Parse, validate and cost ``query`` for ``schema_name`` as the HTTP view does (same cache,
    same rules, same error codes). ``errors`` of the answer are already formatted."""
    from rail_django.core.http.graphql_view import _cache_for

    name = canonical_name(schema_name)
    resolved = settings_registry.resolve(name)
    policy = ErrorPolicy.from_settings(resolved["error_handling"])
    outcome = PreparedOperation(schema_name=name, resolved=resolved, policy=policy)

    def refuse(message: str, code: ErrorCode) -> PreparedOperation:
        outcome.errors = [request_error(message, code, policy)]
        return outcome

    if not isinstance(query, str) or not query.strip():
        return refuse(
            "Send the GraphQL document as a non-empty 'query' string.", ErrorCode.BAD_REQUEST
        )
    if variables is not None and not isinstance(variables, Mapping):
        return refuse("'variables' must be a JSON object.", ErrorCode.BAD_REQUEST)
    if operation_name is not None and not isinstance(operation_name, str):
        return refuse("'operationName' must be a string.", ErrorCode.BAD_REQUEST)
    schema = schema_registry.get_schema(name)
    prepared = _cache_for(name, schema, resolved).prepare(query)
    if prepared.errors:
        outcome.errors = format_errors(prepared.errors, policy, prepared.error_code)
        return outcome
    operation = get_operation_ast(prepared.document, operation_name)
    if operation is None:
        message = (
            f"Unknown operation named {operation_name!r}."
            if operation_name
            else "The document holds several operations: say which one to run."
        )
        return refuse(message, ErrorCode.BAD_REQUEST)
    variables = dict(variables or {})
    guard = ExecutionGuard(request or HttpRequest(), name, resolved)
    refused = guard.admit(schema.graphql_schema, prepared.document, operation, variables)
    if refused:
        outcome.errors = format_errors(refused, policy, ErrorCode.QUERY_TOO_COMPLEX)
        return outcome
    outcome.document = prepared.document
    outcome.operation = operation
    outcome.variables = variables
    outcome.operation_name = operation_name
    outcome.graphql_schema = schema.graphql_schema
    return outcome


def execute_operation(
    prepared: PreparedOperation, request: HttpRequest, *, root_value: Any = None
) -> dict[str, Any]:
    """Run a prepared operation as ``request`` (synchronously: call it from a worker thread in
    async code) under the schema's timeout and row ceiling. Answers ``{"data": ...}`` with
    formatted ``errors`` when some field failed, or ``{"errors": [...]}`` alone when variables
    did not coerce."""
    guard = ExecutionGuard(request, prepared.schema_name, prepared.resolved)
    guard.operation = prepared.operation
    result = guard.execute(
        prepared.graphql_schema,
        prepared.document,
        root_value=root_value,
        context_value=request,
        variable_values=dict(prepared.variables),
        operation_name=prepared.operation_name,
    )
    if not isinstance(result, ExecutionResult):
        raise RuntimeError(
            "The schema returned an awaitable; socket operations run sync resolvers."
        )
    errors = result.errors or []
    if result.data is None and errors and all(error.path is None for error in errors):
        return {"errors": format_errors(errors, prepared.policy, ErrorCode.INVALID_ARGUMENT)}
    payload: dict[str, Any] = {"data": result.data}
    if errors:
        payload["errors"] = format_errors(errors, prepared.policy, ErrorCode.BAD_REQUEST)
    return payload

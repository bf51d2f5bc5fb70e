"""The GraphQL HTTP endpoint: request parsing, the document cache, the view and GraphiQL.

:func:`authenticate_request`, :func:`refusal_response` and :func:`finish_response` are the
authentication every Rail Django endpoint runs (see :mod:`.request_authentication`);
:func:`hit` and :func:`rate_limit_headers` the request budgets they count in Django's cache (see
:mod:`.rate_limit`); :func:`socket_request`, :func:`prepare_operation` and
:func:`execute_operation` run one GraphQL operation outside the view, with its cache, limits and
error formatting (websocket consumers, see :mod:`.socket_operations`).
"""

from rail_django.core.http.graphql_view import GraphQLView
from rail_django.core.http.rate_limit import (
    Budget,
    RateDecision,
    RateLimitUnavailable,
    hit,
    hit_many,
    rate_limit_headers,
)
from rail_django.core.http.request_authentication import (
    authenticate_request,
    authentication_enabled,
    finish_response,
    refusal_response,
)
from rail_django.core.http.socket_operations import (
    PreparedOperation,
    execute_operation,
    prepare_operation,
    socket_request,
)

__all__ = [
    "GraphQLView",
    "Budget",
    "RateDecision",
    "RateLimitUnavailable",
    "hit",
    "hit_many",
    "rate_limit_headers",
    "authenticate_request",
    "authentication_enabled",
    "finish_response",
    "refusal_response",
    "PreparedOperation",
    "execute_operation",
    "prepare_operation",
    "socket_request",
]

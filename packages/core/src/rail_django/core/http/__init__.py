"""The GraphQL HTTP endpoint: request parsing, the document cache, the view and GraphiQL.

:func:`authenticate_request`, :func:`refusal_response` and :func:`finish_response` are the
authentication every Rail Django endpoint runs (see :mod:`.request_authentication`).
"""

from rail_django.core.http.graphql_view import GraphQLView
from rail_django.core.http.request_authentication import (
    authenticate_request,
    authentication_enabled,
    finish_response,
    refusal_response,
)

__all__ = [
    "GraphQLView",
    "authenticate_request",
    "authentication_enabled",
    "finish_response",
    "refusal_response",
]

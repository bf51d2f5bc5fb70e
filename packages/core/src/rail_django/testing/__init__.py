"""Test helpers for projects built on Rail Django (part of the rail-django-core distribution).

``GraphQLTestClient`` sends GraphQL to the project over HTTP with Django's test client, as a
client application does, and returns each answer parsed (``GraphQLResponse``). ``error_codes`` and
``assert_no_errors`` read any GraphQL
answer; :meth:`GraphQLTestClient.upload` sends files as a GraphQL multipart request
(:func:`multipart_body` builds one by hand). :mod:`rail_django.testing.distribution_checks`
checks that a package extending the ``rail_django`` namespace installs as users expect. Rail
Django's own tests use the same helpers.
"""

from rail_django.testing.graphql_client import (
    GraphQLResponse,
    GraphQLTestClient,
    assert_no_errors,
    error_codes,
    graphql_url,
)
from rail_django.testing.multipart_body import FilePart, multipart_body

__all__ = [
    "FilePart",
    "multipart_body",
    "GraphQLResponse",
    "GraphQLTestClient",
    "assert_no_errors",
    "error_codes",
    "graphql_url",
]

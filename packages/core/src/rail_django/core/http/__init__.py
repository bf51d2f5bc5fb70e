"""The GraphQL HTTP endpoint: request parsing, the document cache, the view and GraphiQL."""

from rail_django.core.http.graphql_view import GraphQLView

__all__ = ["GraphQLView"]

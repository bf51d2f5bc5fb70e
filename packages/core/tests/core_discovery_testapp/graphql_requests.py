"""Sending GraphQL over HTTP with Django's test client, as a client application would.

A thin layer over ``rail_django.testing``: these tests look at the raw HTTP response (status,
headers), so ``post_graphql`` returns Django's response rather than the parsed answer.
"""

from rail_django.testing import GraphQLTestClient, error_codes, graphql_url


def endpoint(schema=None):
    return graphql_url(schema)


def post_graphql(client, query, variables=None, *, schema="probe", operation_name=None, **extra):
    gql = GraphQLTestClient(client, schema=schema)
    return gql.execute(query, variables, operation_name=operation_name, **extra).http


def codes(response):
    return error_codes(response.json())

"""Sending GraphQL over HTTP with Django's test client, as a client application would."""

import json


def endpoint(schema=None):
    return "/graphql/" if schema is None else f"/graphql/{schema}/"


def post_graphql(client, query, variables=None, *, schema="probe", operation_name=None, **extra):
    payload = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    if operation_name is not None:
        payload["operationName"] = operation_name
    return client.post(
        endpoint(schema), data=json.dumps(payload), content_type="application/json", **extra
    )


def codes(response):
    return [error["extensions"]["code"] for error in response.json()["errors"]]

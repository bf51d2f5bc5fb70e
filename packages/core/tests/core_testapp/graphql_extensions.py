"""Root types merged through ``query_extensions`` / ``mutation_extensions`` in core's tests.

``EchoQuery`` sends each custom scalar through parse then serialise, so tests can see both.
"""

import graphene

from rail_django.core.types import (
    JSON,
    URL,
    UUID,
    Binary,
    Date,
    DateTime,
    Decimal,
    Duration,
    Email,
    Phone,
    Time,
)

SCALARS = {
    "date_time": DateTime,
    "date": Date,
    "time": Time,
    "json": JSON,
    "uuid": UUID,
    "email": Email,
    "url": URL,
    "phone": Phone,
    "decimal": Decimal,
    "binary": Binary,
    "duration": Duration,
}


def _echo(root, info, value):
    return value


EchoQuery = type(
    "EchoQuery",
    (graphene.ObjectType,),
    {
        f"echo_{name}": graphene.Field(scalar, value=scalar(required=True), resolver=_echo)
        for name, scalar in SCALARS.items()
    },
)


class HelloQuery(graphene.ObjectType):
    hello = graphene.String(name=graphene.String(default_value="world"))

    def resolve_hello(root, info, name):
        return f"Hello {name}"


class PingMutation(graphene.ObjectType):
    ping = graphene.String()

    def resolve_ping(root, info):
        return "pong"

"""A small hand-written graphene schema for endpoint and error tests."""

import graphene
from graphql import GraphQLError

from rail_django.contracts.error_codes import ErrorCode, RailError


class Query(graphene.ObjectType):
    hello = graphene.String(name=graphene.String(default_value="world"))
    double = graphene.Int(value=graphene.Int(required=True))
    boom = graphene.String()
    missing = graphene.String()
    long_message = graphene.String(length=graphene.Int(required=True))
    graphql_failure = graphene.String()
    viewer = graphene.String()

    def resolve_hello(root, info, name):
        return f"Hello {name}"

    def resolve_double(root, info, value):
        return value * 2

    def resolve_boom(root, info):
        raise ValueError("connection to postgres://admin:hunter2@db failed")

    def resolve_missing(root, info):
        raise RailError("No such thing.", ErrorCode.NOT_FOUND, extensions={"model": "Thing"})

    def resolve_long_message(root, info, length):
        raise RailError("x" * length, ErrorCode.INVALID_ARGUMENT)

    def resolve_graphql_failure(root, info):
        raise GraphQLError("Told you so.")

    def resolve_viewer(root, info):
        user = info.context.user
        return user.get_username() if user.is_authenticated else None


class Touch(graphene.Mutation):
    ok = graphene.Boolean()

    def mutate(root, info):
        return Touch(ok=True)


class Mutation(graphene.ObjectType):
    touch = Touch.Field()


#: How many times a subscription field of the probe schema was subscribed to or resolved: the HTTP
#: endpoint must refuse a subscription before running anything.
subscription_calls = {"count": 0}


class Subscription(graphene.ObjectType):
    ticks = graphene.Int()

    def subscribe_ticks(root, info):
        subscription_calls["count"] += 1
        return iter([1, 2, 3])

    def resolve_ticks(root, info):
        subscription_calls["count"] += 1
        return root


probe_schema = graphene.Schema(query=Query, mutation=Mutation, subscription=Subscription)

"""Per-model GraphQL subscriptions over websockets for Rail Django.

``get_subscription_consumer("gql")`` is the ASGI application to route websockets to (see the
package README); :class:`GraphQLSubscriptionConsumer` is the consumer class behind it.
"""

from rail_django.extensions.subscriptions.__about__ import __version__


def get_subscription_consumer(schema_name: str = "gql"):
    """The ASGI application serving ``schema_name``'s GraphQL operations over websockets (both
    ``graphql-transport-ws`` and the legacy ``graphql-ws``). An unknown schema name raises
    ``ImproperlyConfigured`` at once."""
    from rail_django.extensions.subscriptions.consumer import get_subscription_consumer as get

    return get(schema_name)


def __getattr__(name: str):
    # The consumer imports channels and core's HTTP layer: loaded on first use, not with Django.
    if name == "GraphQLSubscriptionConsumer":
        from rail_django.extensions.subscriptions.consumer import GraphQLSubscriptionConsumer

        return GraphQLSubscriptionConsumer
    raise AttributeError(name)


__all__ = ["GraphQLSubscriptionConsumer", "__version__", "get_subscription_consumer"]

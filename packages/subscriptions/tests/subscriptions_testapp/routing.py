"""The ASGI application of the tests, as the guide's ``root/asgi.py`` writes it."""

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application
from django.urls import path

from rail_django.extensions.subscriptions import get_subscription_consumer


def application(schema_name: str = "subs"):
    return ProtocolTypeRouter(
        {
            "http": get_asgi_application(),
            "websocket": AuthMiddlewareStack(
                URLRouter([path("graphql/", get_subscription_consumer(schema_name))])
            ),
        }
    )

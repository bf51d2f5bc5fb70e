"""Per-model GraphQL subscriptions over websockets for Rail Django."""

from rail_django.extensions.subscriptions.__about__ import __version__

__all__ = ["__version__"]

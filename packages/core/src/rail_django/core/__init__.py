"""The Rail Django schema compiler and GraphQL endpoint: Django models in, a GraphQL API out."""

from rail_django.core.__about__ import __version__

__all__ = ["__version__"]

"""The Rail Django schema compiler and GraphQL endpoint: Django models in, a GraphQL API out."""

from rail_django.core.__about__ import __version__
from rail_django.core.registry import SchemaRegistry, schema_registry

__all__ = ["SchemaRegistry", "__version__", "schema_registry"]

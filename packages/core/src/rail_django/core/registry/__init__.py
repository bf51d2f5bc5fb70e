"""The schema registry: registered schemas, discovery, and the per-process cache of built ones.

``from rail_django.core.registry import schema_registry``; see
:mod:`rail_django.core.registry.schema_registry` for how schemas are found.
"""

from rail_django.core.registry.schema_registry import (
    DEFAULT_SCHEMA_ALIAS,
    DEFAULT_SCHEMA_NAME,
    SchemaEntry,
    SchemaNotFound,
    SchemaRegistry,
    canonical_name,
    schema_registry,
)

__all__ = [
    "DEFAULT_SCHEMA_ALIAS",
    "DEFAULT_SCHEMA_NAME",
    "SchemaEntry",
    "SchemaNotFound",
    "SchemaRegistry",
    "canonical_name",
    "schema_registry",
]

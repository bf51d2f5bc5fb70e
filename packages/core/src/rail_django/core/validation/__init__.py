"""graphql-core validation rules core adds to a schema, one rule per module, each named after
what it forbids, and the limits a schema's settings turn on (:mod:`.schema_limits`)."""

from rail_django.core.validation.max_aliases import MaxAliases
from rail_django.core.validation.max_directives import MaxDirectives
from rail_django.core.validation.max_query_complexity import MaxQueryComplexity, QueryCostModel
from rail_django.core.validation.max_query_depth import MaxQueryDepth, operation_depth
from rail_django.core.validation.no_schema_introspection import NoSchemaIntrospection
from rail_django.core.validation.schema_limits import (
    complexity_limit,
    gate_rules,
    limit_rules,
    max_tokens,
)

__all__ = [
    "MaxAliases",
    "MaxDirectives",
    "MaxQueryComplexity",
    "MaxQueryDepth",
    "NoSchemaIntrospection",
    "QueryCostModel",
    "complexity_limit",
    "gate_rules",
    "limit_rules",
    "max_tokens",
    "operation_depth",
]

"""A schema's limits, read from its merged settings.

- ``performance_settings.max_query_depth`` -> :class:`MaxQueryDepth` (also off when the
  security package's ``security_settings.enable_query_depth_limiting`` is ``False``);
- ``performance_settings.max_query_aliases`` -> :class:`MaxAliases`;
- ``performance_settings.max_query_directives`` -> :class:`MaxDirectives`, a gate rule: it runs
  before the others and, when it refuses, its one error is the answer;
- ``performance_settings.max_query_tokens`` -> the parser's token limit;
- ``performance_settings.max_query_complexity`` -> :class:`MaxQueryComplexity` (also off when
  ``middleware_settings.enable_query_complexity_middleware`` is ``False``).

``None`` turns a limit off. Depth, aliases, directives and tokens are checked when a document is
validated (the outcome is cached with the document); complexity per request, as it reads the
variables; ``max_rows_per_request`` while it executes (:mod:`rail_django.core.queries.row_budget`).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema, ValidationRule

from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.validation.max_aliases import MaxAliases
from rail_django.core.validation.max_directives import MaxDirectives
from rail_django.core.validation.max_mutation_fields import MaxMutationFields
from rail_django.core.validation.max_query_complexity import MaxQueryComplexity, QueryCostModel
from rail_django.core.validation.max_query_depth import MaxQueryDepth

__all__ = ["complexity_limit", "gate_rules", "limit_rules", "max_tokens"]


def _section(resolved: ResolvedSettings, name: str) -> Any:
    return resolved.sections.get(name, {})


def limit_rules(resolved: ResolvedSettings) -> tuple[type[ValidationRule], ...]:
    """The validation rules enforcing the depth and alias limits of a schema."""
    performance = _section(resolved, "performance_settings")
    security = _section(resolved, "security_settings")
    rules: list[type[ValidationRule]] = []
    depth = performance.get("max_query_depth")
    if depth is not None and security.get("enable_query_depth_limiting", True):
        rules.append(MaxQueryDepth.limited_to(depth))
    aliases = performance.get("max_query_aliases")
    if aliases is not None:
        rules.append(MaxAliases.limited_to(aliases))
    mutation_fields = _section(resolved, "mutation_settings").get("max_mutation_fields")
    if mutation_fields is not None:
        rules.append(MaxMutationFields.limited_to(mutation_fields))
    return tuple(rules)


def gate_rules(resolved: ResolvedSettings) -> tuple[type[ValidationRule], ...]:
    """Rules run alone before the others: a document they refuse gets only their errors."""
    directives = _section(resolved, "performance_settings").get("max_query_directives")
    if directives is None:
        return ()
    return (MaxDirectives.limited_to(directives),)


def max_tokens(resolved: ResolvedSettings) -> int | None:
    """Most lexical tokens a document may hold (``None``: no limit)."""
    return _section(resolved, "performance_settings").get("max_query_tokens")


def complexity_limit(
    graphql_schema: GraphQLSchema, resolved: ResolvedSettings
) -> MaxQueryComplexity | None:
    """The complexity check of a schema; ``None`` when it is off and no cost is reported.

    When the limit is off but ``enable_query_cost_analysis`` is on, the check measures without
    refusing (its ``max_complexity`` is ``None``).
    """
    performance = _section(resolved, "performance_settings")
    middleware = _section(resolved, "middleware_settings")
    limit = performance.get("max_query_complexity")
    if not middleware.get("enable_query_complexity_middleware", True):
        limit = None
    if limit is None and not performance.get("enable_query_cost_analysis"):
        return None
    model = QueryCostModel(graphql_schema, _section(resolved, "query_settings"))
    return MaxQueryComplexity(model, limit)

"""Forbids operations nested deeper than ``performance_settings.max_query_depth``."""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    ValidationRule,
)

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.validation.fragment_walk import FragmentWalk

__all__ = ["MaxQueryDepth", "operation_depth"]


class MaxQueryDepth(ValidationRule):
    """An operation must not nest fields deeper than ``max_depth``.

    Depth counts fields from the root, the leaf included: ``{ products { category { name } } }``
    is 3. Fragments count where they are spread, and each fragment is measured once (a fragment
    spread a thousand times costs one walk); a fragment cycle counts as nothing here, so the rule
    ends on it while ``NoFragmentCycles`` reports it. Introspection fields (``__schema``,
    ``__type``) are not counted: their nesting is bounded by the schema, and GraphiQL's
    introspection query is deeper than any sensible limit.
    """

    max_depth: int = 10

    @classmethod
    def limited_to(cls, max_depth: int) -> type[MaxQueryDepth]:
        """This rule with ``max_depth`` as its limit (rules are classes in graphql-core)."""
        return type(cls.__name__, (cls,), {"max_depth": max_depth})

    def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
        measure = _DepthMeasure(node)
        for definition in node.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            try:
                depth = measure.selection_set(definition.selection_set)
            except RecursionError:
                depth = None
            if depth is None or depth > self.max_depth:
                self.report_error(_too_deep(definition, depth, self.max_depth))
        # The rule has seen the whole document: nothing more to visit.
        return self.SKIP


def operation_depth(document: DocumentNode, operation: OperationDefinitionNode) -> int:
    """The depth of ``operation`` in ``document`` as :class:`MaxQueryDepth` counts it."""
    return _DepthMeasure(document).selection_set(operation.selection_set)


class _DepthMeasure(FragmentWalk):
    def field(self, node: FieldNode, context: Any) -> int:
        if node.name.value.startswith("__"):
            return 0
        return 1 + self.selection_set(node.selection_set)

    def combine(self, total: int, part: int) -> int:
        return max(total, part)


def _too_deep(
    operation: OperationDefinitionNode, depth: int | None, max_depth: int
) -> GraphQLError:
    name = f"Operation '{operation.name.value}'" if operation.name else "The operation"
    measured = f"is {depth} levels deep" if depth is not None else "is nested too deeply"
    return GraphQLError(
        f"{name} {measured}; this schema allows at most {max_depth} "
        "(performance_settings.max_query_depth).",
        operation,
        extensions={"code": ErrorCode.QUERY_TOO_DEEP, "depth": depth, "maxDepth": max_depth},
    )

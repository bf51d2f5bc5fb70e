"""Forbids operations nested deeper than ``performance_settings.max_query_depth``."""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

from rail_django.contracts.error_codes import ErrorCode

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
        fragments = {
            d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)
        }
        measure = _DepthMeasure(fragments)
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
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return _DepthMeasure(fragments).selection_set(operation.selection_set)


class _DepthMeasure:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.known: dict[str, int] = {}
        self.visiting: set[str] = set()

    def selection_set(self, selection_set: SelectionSetNode | None) -> int:
        deepest = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if selection.name.value.startswith("__"):
                    continue
                depth = 1 + self.selection_set(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                depth = self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                depth = self.fragment(selection.name.value)
            else:  # pragma: no cover - the three selection kinds are all there are
                continue
            deepest = max(deepest, depth)
        return deepest

    def fragment(self, name: str) -> int:
        if name in self.known:
            return self.known[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:
            return 0  # unknown or cyclic: other rules report it
        self.visiting.add(name)
        depth = self.selection_set(definition.selection_set)
        self.visiting.discard(name)
        self.known[name] = depth
        return depth


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

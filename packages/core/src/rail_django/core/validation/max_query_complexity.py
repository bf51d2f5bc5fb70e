"""Forbids operations costing more than ``performance_settings.max_query_complexity`` points.

The guide's cost model: a simple field costs 1 point, a relation (a field returning one object)
5 points plus what is selected under it, and a list 10 points plus what is selected under it
counted once per row the list may return. The guide writes the last one "List = 10 points x
limit"; the rows are what the limit multiplies, so ``products(limit: 100) { id name }`` costs
``10 + 100 x 2 = 210`` and a list nested in a list multiplies again, which is what makes deep
lists expensive. The rows of a list are its ``limit`` / ``first`` / ``last`` argument (a literal,
a variable, or the variable's default), else ``query_settings.default_page_size``, never more
than ``max_page_size`` (a larger page is refused by pagination itself with a clearer message). A
list with no page argument (a to-many relation) counts ``default_page_size`` rows. A Relay
connection is the list: its ``first``/``last`` multiply the ``edges`` under it.

The cost depends on the variables, so unlike the other limits it is checked per request (after
the cached validation, before execution); the walk measures each fragment once per row count.
Introspection fields cost nothing (they are bounded by the schema). ``@skip``/``@include`` are
not evaluated: the cost is an upper bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
)

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.validation.fragment_walk import FragmentWalk

__all__ = ["FIELD_COST", "LIST_COST", "RELATION_COST", "MaxQueryComplexity", "QueryCostModel"]

FIELD_COST = 1
RELATION_COST = 5
LIST_COST = 10
PAGE_ARGUMENTS = ("limit", "first", "last")
#: Costs stop growing here (a chain of nested lists in fragments could build huge numbers).
COST_CEILING = 10**12


class QueryCostModel:
    """Measures operations of one schema under its ``query_settings`` page sizes."""

    def __init__(self, graphql_schema: GraphQLSchema, query_settings: Mapping[str, Any]) -> None:
        self.schema = graphql_schema
        self.default_rows = int(query_settings.get("default_page_size", 20))
        self.max_rows = int(query_settings.get("max_page_size", 100))
        self.paginated = bool(query_settings.get("enable_pagination", True))

    def cost(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None = None,
    ) -> int:
        """The cost of ``operation`` (a validated operation of ``document``) with ``variables``."""
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return 0
        walk = _CostWalk(self, document, operation, variables or {})
        return walk.selection_set(operation.selection_set, (root, None))


class MaxQueryComplexity:
    """An operation must not cost more than ``max_complexity`` points (see the module doc)."""

    def __init__(self, model: QueryCostModel, max_complexity: int | None) -> None:
        self.model = model
        self.max_complexity = max_complexity

    def check(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None = None,
    ) -> tuple[int, GraphQLError | None]:
        """``(cost, error)``: ``error`` is ``None`` when the operation is within the limit."""
        try:
            cost = self.model.cost(document, operation, variables)
        except RecursionError:
            cost = COST_CEILING
        limit = self.max_complexity
        if limit is None or cost <= limit:
            return cost, None
        name = f"Operation '{operation.name.value}'" if operation.name else "The operation"
        shown = f"more than {COST_CEILING}" if cost >= COST_CEILING else str(cost)
        error = GraphQLError(
            f"{name} costs {shown} points; this schema allows at most {limit} "
            "(performance_settings.max_query_complexity). Ask for fewer rows or fewer nested "
            "lists.",
            operation,
            extensions={
                "code": ErrorCode.QUERY_TOO_COMPLEX,
                "cost": cost,
                "maxComplexity": limit,
            },
        )
        return cost, error


class _CostWalk(FragmentWalk):
    """The context is ``(parent, rows)``: the type selected on, and the rows of an enclosing
    connection, which multiply its lists; a fragment is measured once per row count."""

    def __init__(
        self,
        model: QueryCostModel,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> None:
        super().__init__(document, ceiling=COST_CEILING)
        self.model = model
        self.variables = variables
        self.defaults = {
            definition.variable.name.value: definition.default_value
            for definition in operation.variable_definitions or ()
        }

    def inline_fragment(self, node: InlineFragmentNode, context: tuple[Any, int | None]) -> int:
        parent, rows = context
        condition = node.type_condition
        on = self.model.schema.get_type(condition.name.value) if condition else parent
        return self.selection_set(node.selection_set, (on, rows))

    def fragment_key(self, name: str, context: tuple[Any, int | None]) -> tuple[str, int | None]:
        return (name, context[1])

    def fragment_context(
        self, definition: FragmentDefinitionNode, context: tuple[Any, int | None]
    ) -> tuple[Any, int | None]:
        return (self.model.schema.get_type(definition.type_condition.name.value), context[1])

    def field(self, node: FieldNode, context: tuple[Any, int | None]) -> int:
        parent, inherited_rows = context
        name = node.name.value
        if name.startswith("__"):
            return 0
        definition = getattr(parent, "fields", {}).get(name)
        if definition is None:
            return 0  # not in the schema: validation has refused the document already
        named = get_named_type(definition.type)
        if is_leaf_type(named) or node.selection_set is None:
            return FIELD_COST
        rows = self.page_rows(node, definition)
        if is_list_type(get_nullable_type(definition.type)):
            if rows is None:
                rows = inherited_rows if inherited_rows is not None else self.model.default_rows
            return LIST_COST + rows * self.selection_set(node.selection_set, (named, None))
        if rows is not None:
            # A paged object is a connection: its rows multiply the lists under it (edges).
            return LIST_COST + self.selection_set(node.selection_set, (named, rows))
        return RELATION_COST + self.selection_set(node.selection_set, (named, None))

    def page_rows(self, node: FieldNode, definition: Any) -> int | None:
        """Rows a paged field may return; ``None`` when it takes no page argument."""
        if not any(name in definition.args for name in PAGE_ARGUMENTS):
            return None
        if not self.model.paginated:
            return self.model.max_rows
        given = [self.argument(node, name) for name in PAGE_ARGUMENTS]
        sizes = [v for v in given if isinstance(v, int) and not isinstance(v, bool)]
        rows = max(sizes) if sizes else self.model.default_rows
        return max(0, min(rows, self.model.max_rows))

    def argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                variable = value.name.value
                if variable in self.variables:
                    return self.variables[variable]
                value = self.defaults.get(variable)
            if isinstance(value, IntValueNode):
                return int(value.value)
            return None
        return None

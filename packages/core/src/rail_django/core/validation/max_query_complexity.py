"""Forbids operations costing more than ``performance_settings.max_query_complexity`` points.

The cost is an upper bound on what an operation asks of the database, under the guide's prices:

- every field written in the document is paid once, where it is written: a simple field 1 point
  (a column), a relation (one object: a join) 5, a list (a query) 10;
- every row a list may return costs 1 point more: that is the guide's "List = 10 points x limit",
  the limit counting the list's rows. A list's rows are its ``limit`` / ``first`` / ``last``
  (a literal, a variable or the variable's default, never more than ``max_page_size``: a larger
  page is refused by pagination), else ``default_page_size``, the most an unpaged list returns
  (a nested one answers ``PAGE_REQUIRED`` rather than more); times the rows of every list it is
  nested in, because each of their rows holds a page of its own.

So ``products(limit: 100) { id name }`` costs ``10 + 100 + 1 + 1 = 112`` and
``products(limit: 10) { name tags { name } }`` costs ``10 + 10 + 1 + 10 + 10 x 20 + 1 = 232``:
the rows, not the width of the selection, are what multiplies, as with GitHub's node limit.
A Relay connection is the list: its ``first``/``last`` are the rows, ``edges`` costs nothing
(the connection paid for its rows) and ``node`` / ``pageInfo`` are relations. With
``enable_pagination`` off every list counts ``max_page_size`` rows.

The cost depends on the variables, so unlike the other limits it is checked per request (after
the cached validation, before execution); the walk measures each fragment once per row count.
Introspection fields cost nothing (they are bounded by the schema). ``@skip``/``@include`` are
not evaluated: the cost is an upper bound. How wide one row may be is bounded by
``max_query_aliases`` and ``max_query_tokens``; the rows actually fetched are counted again at
execution by ``max_rows_per_request``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
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

__all__ = [
    "FIELD_COST",
    "LIST_COST",
    "RELATION_COST",
    "MaxQueryComplexity",
    "QueryCostModel",
    "bounded_by_schema",
]

FIELD_COST = 1
RELATION_COST = 5
LIST_COST = 10
PAGE_ARGUMENTS = ("limit", "first", "last")
#: Costs stop growing here (a chain of nested lists in fragments could build huge numbers).
COST_CEILING = 10**12

#: Graphene types whose answers the schema bounds, like introspection's (model metadata).
_BOUNDED_TYPES: set[Any] = set()


def bounded_by_schema(graphene_type: Any) -> Any:
    """Mark ``graphene_type`` as describing the schema itself: a field returning it (a list of
    it too) costs one point whatever it selects, as introspection costs nothing. Its size is
    bounded by the schema, not by rows a client can ask for. Returns the type (a decorator)."""
    _BOUNDED_TYPES.add(graphene_type)
    return graphene_type


#: ``(parent type, objects of it the selection is resolved for, rows of an enclosing page)``.
_Context = tuple[Any, int, int | None]


class QueryCostModel:
    """Measures operations of one schema under its ``query_settings`` page sizes."""

    def __init__(self, graphql_schema: GraphQLSchema, query_settings: Mapping[str, Any]) -> None:
        self.schema = graphql_schema
        self.max_rows = int(query_settings.get("max_page_size", 100))
        self.paginated = bool(query_settings.get("enable_pagination", True))
        #: Rows of a list asked for no page (``pagination.unpaged_rows``).
        self.unpaged_rows = (
            int(query_settings.get("default_page_size", 20)) if self.paginated else self.max_rows
        )

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
        return walk.selection_set(operation.selection_set, (root, 1, None))


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
        shown = _("more than %(ceiling)s") % {"ceiling": COST_CEILING}
        values = {"cost": shown if cost >= COST_CEILING else cost, "limit": limit}
        if operation.name:
            values["name"] = operation.name.value
            message = _("Operation '%(name)s' costs %(cost)s points; ")
        else:
            message = _("The operation costs %(cost)s points; ")
        message += _(
            "this schema allows at most %(limit)s (performance_settings.max_query_complexity). "
            "Ask for fewer rows or fewer nested lists."
        )
        error = GraphQLError(
            message % values,
            operation,
            extensions={
                "code": ErrorCode.QUERY_TOO_COMPLEX,
                "cost": cost,
                "maxComplexity": limit,
            },
        )
        return cost, error


class _CostWalk(FragmentWalk):
    """The context is ``(parent, rows, page)``: the type selected on, how many objects of it the
    selection is resolved for (upper bound), and, inside a connection, the rows of its page
    (which its ``edges`` hold). A fragment is measured once per ``(rows, page)``."""

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

    def inline_fragment(self, node: InlineFragmentNode, context: _Context) -> int:
        parent, rows, page = context
        condition = node.type_condition
        on = self.model.schema.get_type(condition.name.value) if condition else parent
        return self.selection_set(node.selection_set, (on, rows, page))

    def fragment_key(self, name: str, context: _Context) -> tuple[str, int, int | None]:
        return (name, context[1], context[2])

    def fragment_context(self, definition: FragmentDefinitionNode, context: _Context) -> _Context:
        on = self.model.schema.get_type(definition.type_condition.name.value)
        return (on, context[1], context[2])

    def field(self, node: FieldNode, context: _Context) -> int:
        parent, parent_rows, page = context
        name = node.name.value
        if name.startswith("__"):
            return 0
        definition = getattr(parent, "fields", {}).get(name)
        if definition is None:
            return 0  # not in the schema: validation has refused the document already
        named = get_named_type(definition.type)
        if is_leaf_type(named) or node.selection_set is None:
            return FIELD_COST
        if getattr(named, "graphene_type", None) in _BOUNDED_TYPES:
            return FIELD_COST
        per_parent = self.page_rows(node, definition)
        if is_list_type(get_nullable_type(definition.type)):
            if per_parent is None and page is not None:
                # A connection's edges: the connection paid for these rows.
                return self.selection_set(node.selection_set, (named, page, None))
            if per_parent is None:
                per_parent = self.model.unpaged_rows
            rows = min(parent_rows * per_parent, COST_CEILING)
            return LIST_COST + rows + self.selection_set(node.selection_set, (named, rows, None))
        if per_parent is not None:
            # A paged object is a connection: its page's rows are held by its edges.
            rows = min(parent_rows * per_parent, COST_CEILING)
            inner = self.selection_set(node.selection_set, (named, parent_rows, rows))
            return LIST_COST + rows + inner
        return RELATION_COST + self.selection_set(node.selection_set, (named, parent_rows, None))

    def page_rows(self, node: FieldNode, definition: Any) -> int | None:
        """Rows a paged field may return; ``None`` when it takes no page argument."""
        if not any(name in definition.args for name in PAGE_ARGUMENTS):
            return None
        if not self.model.paginated:
            return self.model.max_rows
        given = [self.argument(node, name) for name in PAGE_ARGUMENTS]
        sizes = [v for v in given if isinstance(v, int) and not isinstance(v, bool)]
        rows = max(sizes) if sizes else self.model.unpaged_rows
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

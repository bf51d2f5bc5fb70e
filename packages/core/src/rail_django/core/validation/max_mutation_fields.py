"""Forbids mutation operations with more than ``mutation_settings.max_mutation_fields`` root
fields."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    ValidationRule,
)

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.validation.fragment_walk import FragmentWalk

__all__ = ["MaxMutationFields"]


class MaxMutationFields(ValidationRule):
    """A mutation must not run more than ``max_fields`` root fields.

    Each root mutation field is a write of its own (``a1: bulkCreateBook(...) a2: ...``), so their
    number bounds the work of one request before anything runs. Root fields are counted through
    fragments spread at the root, and ``__typename`` is not a write.
    """

    max_fields: int = 10

    @classmethod
    def limited_to(cls, max_fields: int) -> type[MaxMutationFields]:
        """This rule with ``max_fields`` as its limit."""
        return type(cls.__name__, (cls,), {"max_fields": max_fields})

    def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
        count = _RootFields(node, ceiling=self.max_fields + 1)
        for definition in node.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            if definition.operation is not OperationType.MUTATION:
                continue
            try:
                fields = count.selection_set(definition.selection_set)
            except RecursionError:  # refused by the depth rule and graphql-core's own rules
                continue
            if fields > self.max_fields:
                self.report_error(_too_many(definition, self.max_fields))
        return self.SKIP


class _RootFields(FragmentWalk):
    def field(self, node: FieldNode, context: Any) -> int:
        # Only the root level is counted: a field's own selection is not another mutation.
        return 0 if node.name.value == "__typename" else 1


def _too_many(operation: OperationDefinitionNode, max_fields: int) -> GraphQLError:
    name = operation.name.value if operation.name else ""
    message = (
        ngettext(
            "Mutation '%(name)s' runs more than %(max)s mutation field",
            "Mutation '%(name)s' runs more than %(max)s mutation fields",
            max_fields,
        )
        if name
        else ngettext(
            "The mutation runs more than %(max)s mutation field",
            "The mutation runs more than %(max)s mutation fields",
            max_fields,
        )
    ) % {"name": name, "max": max_fields}
    return GraphQLError(
        message + " (mutation_settings.max_mutation_fields).",
        operation,
        extensions={"code": ErrorCode.TOO_MANY_MUTATIONS, "maxMutationFields": max_fields},
    )

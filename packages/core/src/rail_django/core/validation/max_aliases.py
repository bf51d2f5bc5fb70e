"""Forbids operations holding more than ``performance_settings.max_query_aliases`` aliases."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    ValidationRule,
)

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.validation.fragment_walk import FragmentWalk

__all__ = ["MaxAliases"]


class MaxAliases(ValidationRule):
    """An operation must not hold more than ``max_aliases`` aliased fields.

    Aliases are how one document asks for the same expensive field many times
    (``a1: products { ... } a2: products { ... }``). They are counted where fragments are spread:
    a fragment holding 10 aliases spread under 30 aliased fields counts 10 x 30 + 30, because
    execution resolves it 30 times. Each fragment is counted once and reused; a fragment cycle
    counts as nothing here (``NoFragmentCycles`` reports it).
    """

    max_aliases: int = 100

    @classmethod
    def limited_to(cls, max_aliases: int) -> type[MaxAliases]:
        """This rule with ``max_aliases`` as its limit."""
        return type(cls.__name__, (cls,), {"max_aliases": max_aliases})

    def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
        # Counts stop growing past the limit: a chain of fragments each spreading the next
        # twice would otherwise build numbers with thousands of digits.
        count = _AliasCount(node, ceiling=self.max_aliases + 1)
        for definition in node.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            try:
                aliases = count.selection_set(definition.selection_set)
            except RecursionError:
                # Fragments nested past the interpreter's limit: the depth rule and
                # graphql-core's own validation refuse the document; an alias error would
                # only mislead.
                continue
            if aliases > self.max_aliases:
                self.report_error(_too_many(definition, self.max_aliases))
        return self.SKIP


class _AliasCount(FragmentWalk):
    def field(self, node: FieldNode, context: Any) -> int:
        aliased = 1 if node.alias is not None else 0
        return aliased + self.selection_set(node.selection_set)


def _too_many(operation: OperationDefinitionNode, max_aliases: int) -> GraphQLError:
    if operation.name:
        message = ngettext(
            "Operation '%(name)s' holds more than %(limit)s alias (fragments counted where "
            "they are spread); performance_settings.max_query_aliases.",
            "Operation '%(name)s' holds more than %(limit)s aliases (fragments counted where "
            "they are spread); performance_settings.max_query_aliases.",
            max_aliases,
        ) % {"name": operation.name.value, "limit": max_aliases}
    else:
        message = ngettext(
            "The operation holds more than %(limit)s alias (fragments counted where they are "
            "spread); performance_settings.max_query_aliases.",
            "The operation holds more than %(limit)s aliases (fragments counted where they are "
            "spread); performance_settings.max_query_aliases.",
            max_aliases,
        ) % {"limit": max_aliases}
    return GraphQLError(
        message,
        operation,
        extensions={"code": ErrorCode.TOO_MANY_ALIASES, "maxAliases": max_aliases},
    )

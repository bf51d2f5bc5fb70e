"""Forbids operations holding more than ``performance_settings.max_query_directives``
directives."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    ValidationRule,
)

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.validation.fragment_walk import FragmentWalk

__all__ = ["MaxDirectives"]


class MaxDirectives(ValidationRule):
    """An operation must not hold more than ``max_directives`` directives.

    Every directive counts (``@include``, ``@skip``, unknown or repeated ones alike), on the
    operation, its fields, inline fragments, fragment spreads and the fragments they spread, and
    a fragment counts each time it is spread (its measure is taken once and reused). The rule
    runs before the others (:class:`~rail_django.core.http.document_cache.DocumentCache`'s gate
    rules), so a document of 60 repeated directives answers this one error rather than one
    error per directive from GraphQL's own rules.

    >>> from graphql import build_schema, parse, validate
    >>> schema = build_schema("type Query { a: Int }")
    >>> document = parse("{ a @skip(if: false) @skip(if: false) @skip(if: false) }")
    >>> rules = [MaxDirectives.limited_to(2)]
    >>> [str(e.extensions["code"]) for e in validate(schema, document, rules)]
    ['TOO_MANY_DIRECTIVES']
    """

    max_directives: int = 50

    @classmethod
    def limited_to(cls, max_directives: int) -> type[MaxDirectives]:
        """This rule with ``max_directives`` as its limit."""
        return type(cls.__name__, (cls,), {"max_directives": max_directives})

    def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
        count = _DirectiveCount(node, ceiling=self.max_directives + 1)
        for definition in node.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            try:
                directives = len(definition.directives or ()) + count.selection_set(
                    definition.selection_set
                )
            except RecursionError:
                continue  # nested past the interpreter's limit: the depth rule refuses it
            if directives > self.max_directives:
                self.report_error(_too_many(definition, self.max_directives))
        return self.SKIP


class _DirectiveCount(FragmentWalk):
    def field(self, node: FieldNode, context: Any) -> int:
        return len(node.directives or ()) + self.selection_set(node.selection_set)

    def inline_fragment(self, node: InlineFragmentNode, context: Any) -> int:
        return len(node.directives or ()) + self.selection_set(node.selection_set)

    def spread(self, node: FragmentSpreadNode, context: Any) -> int:
        definition = self.fragments.get(node.name.value)
        own = len(definition.directives or ()) if definition is not None else 0
        return len(node.directives or ()) + own + self.fragment(node.name.value, context)


def _too_many(operation: OperationDefinitionNode, max_directives: int) -> GraphQLError:
    values = {"limit": max_directives}
    if operation.name:
        values["name"] = operation.name.value
        message = ngettext(
            "Operation '%(name)s' holds more than %(limit)s directive (fragments counted where "
            "they are spread); performance_settings.max_query_directives.",
            "Operation '%(name)s' holds more than %(limit)s directives (fragments counted where "
            "they are spread); performance_settings.max_query_directives.",
            max_directives,
        )
    else:
        message = ngettext(
            "The operation holds more than %(limit)s directive (fragments counted where they "
            "are spread); performance_settings.max_query_directives.",
            "The operation holds more than %(limit)s directives (fragments counted where they "
            "are spread); performance_settings.max_query_directives.",
            max_directives,
        )
    return GraphQLError(
        message % values,
        operation,
        extensions={"code": ErrorCode.TOO_MANY_DIRECTIVES, "maxDirectives": max_directives},
    )

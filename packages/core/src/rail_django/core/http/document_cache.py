"""Parse and validation results, cached per schema by document text.

Clients send the same few documents over and over; parsing and validating them again on every
request is most of a small query's cost. A bounded LRU per schema keeps the outcome of both
steps, failures included (a client retrying an invalid document costs one dictionary lookup).
The cache belongs to one built schema and one version of its settings: when either changes (a
rebuild, ``override_settings``) a new cache replaces it.

Parsing is limited before any work is done: at most ``max_tokens`` lexical tokens (the schema's
``performance_settings.max_query_tokens``, :data:`MAX_TOKENS` by default) and
:data:`MAX_COMMENTS` comments (graphql-core stops lexing at the limit), so a huge document costs
at most that many tokens of work. Gate rules (``gate_rules``: the directive limit) validate the
document alone first; when they refuse it, their errors are the whole answer, so a document of
hundreds of repeated directives answers one error, not one per directive from the standard rules.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSyntaxError, parse, validate

from rail_django.contracts.error_codes import ErrorCode

#: Default for the most lexical tokens a document may hold (a large introspection query is
#: about 1,000); ``performance_settings.max_query_tokens`` sets it per schema.
MAX_TOKENS = 15_000
#: Most comments a document may hold (comments are not tokens but still cost memory).
MAX_COMMENTS = 1_000
#: Most documents remembered per schema.
CACHE_SIZE = 500
#: Documents longer than this are checked but not remembered (they would crowd the cache).
MAX_CACHED_LENGTH = 100_000


@dataclass(frozen=True)
class PreparedDocument:
    """The outcome of parsing and validating one document text.

    ``errors`` is empty when ``document`` may be executed; otherwise ``error_code`` is the code
    of the step that failed (syntax, a parser limit, or validation).
    """

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()
    error_code: ErrorCode = ErrorCode.VALIDATION_FAILED


class DocumentCache:
    """A bounded LRU of :class:`PreparedDocument` for one schema, rules and settings version."""

    def __init__(
        self,
        graphql_schema: Any,
        rules: Sequence[type],
        *,
        hide_suggestions: bool = False,
        size: int = CACHE_SIZE,
        built_for: tuple[Any, ...] = (),
        max_tokens: int | None = MAX_TOKENS,
        gate_rules: Sequence[type] = (),
    ) -> None:
        #: What the cache is valid for (the built schema and its settings); compared by identity.
        self.built_for = built_for
        self.graphql_schema = graphql_schema
        self.rules = tuple(rules)
        self.gate_rules = tuple(gate_rules)
        self.hide_suggestions = hide_suggestions
        self.size = size
        self.max_tokens = max_tokens
        self._items: OrderedDict[str, PreparedDocument] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def is_for(self, *owners: Any) -> bool:
        """Whether this cache was built for exactly these objects (compared by identity)."""
        return len(owners) == len(self.built_for) and all(
            a is b for a, b in zip(owners, self.built_for, strict=True)
        )

    def prepare(self, text: str) -> PreparedDocument:
        """Parse and validate ``text``, or return the remembered outcome."""
        with self._lock:
            cached = self._items.get(text)
            if cached is not None:
                self._items.move_to_end(text)
                return cached
        prepared = self._prepare(text)
        if len(text) <= MAX_CACHED_LENGTH:
            with self._lock:
                self._items[text] = prepared
                self._items.move_to_end(text)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return prepared

    def _prepare(self, text: str) -> PreparedDocument:
        try:
            document = parse(text, max_lexical_tokens=self.max_tokens, max_comments=MAX_COMMENTS)
        except GraphQLSyntaxError as error:
            return PreparedDocument(None, (error,), _syntax_code(error))
        errors = None
        if self.gate_rules:
            errors = validate(self.graphql_schema, document, self.gate_rules)
        if not errors:
            errors = validate(
                self.graphql_schema, document, self.rules, hide_suggestions=self.hide_suggestions
            )
        if errors:
            return PreparedDocument(None, tuple(errors), ErrorCode.VALIDATION_FAILED)
        return PreparedDocument(document)


def _syntax_code(error: GraphQLError) -> ErrorCode:
    # graphql-core reports its parser limits as syntax errors ending "Parsing aborted.".
    if "Parsing aborted" not in error.message:
        return ErrorCode.SYNTAX_ERROR
    if "nested too deeply" in error.message:
        return ErrorCode.QUERY_TOO_DEEP
    return ErrorCode.TOO_MANY_TOKENS

"""The walk the limit rules share: fold a selection set into one number, fragments included.

A fragment counts where it is spread, but is measured once per key (its name, or whatever
:meth:`FragmentWalk.fragment_key` adds) and reused; a fragment that is unknown or spreads itself
counts as nothing (``KnownFragmentNames`` and ``NoFragmentCycles`` report those). With a
``ceiling`` the number stops growing there, so chains of fragments spreading each other cannot
build numbers with thousands of digits.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

__all__ = ["FragmentWalk"]


class FragmentWalk:
    """Folds selection sets with :meth:`combine` over what :meth:`field` says each field is worth.

    ``context`` is passed down unchanged unless a subclass says otherwise (the complexity walk
    carries the parent type and the rows of an enclosing connection). Subclasses define
    :meth:`field` and may override :meth:`combine` (default: sum), :meth:`inline_fragment`,
    :meth:`spread`, :meth:`fragment_key` and :meth:`fragment_context`.
    """

    def __init__(self, document: DocumentNode, ceiling: int | None = None) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.ceiling = ceiling
        self.known: dict[Hashable, int] = {}
        self.visiting: set[Hashable] = set()

    def field(self, node: FieldNode, context: Any) -> int:
        """What ``node`` (its selection included) is worth."""
        raise NotImplementedError

    def combine(self, total: int, part: int) -> int:
        """``total`` so far with one more selection's ``part``."""
        return total + part

    def inline_fragment(self, node: InlineFragmentNode, context: Any) -> int:
        return self.selection_set(node.selection_set, context)

    def fragment_key(self, name: str, context: Any) -> Hashable:
        """What a fragment's measure is remembered under."""
        return name

    def fragment_context(self, definition: FragmentDefinitionNode, context: Any) -> Any:
        """The context a fragment's selection set is measured in where it is spread."""
        return context

    def selection_set(self, selection_set: SelectionSetNode | None, context: Any = None) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                part = self.field(selection, context)
            elif isinstance(selection, InlineFragmentNode):
                part = self.inline_fragment(selection, context)
            elif isinstance(selection, FragmentSpreadNode):
                part = self.spread(selection, context)
            else:  # pragma: no cover - the three selection kinds are all there are
                continue
            total = self.combine(total, part)
            if self.ceiling is not None and total >= self.ceiling:
                return self.ceiling
        return total

    def spread(self, node: FragmentSpreadNode, context: Any) -> int:
        """What the spread ``node`` is worth: its fragment's measure, by default."""
        return self.fragment(node.name.value, context)

    def fragment(self, name: str, context: Any = None) -> int:
        key = self.fragment_key(name, context)
        if key in self.known:
            return self.known[key]
        definition = self.fragments.get(name)
        if definition is None or key in self.visiting:
            return 0  # unknown or cyclic: other rules report it
        self.visiting.add(key)
        value = self.selection_set(
            definition.selection_set, self.fragment_context(definition, context)
        )
        self.visiting.discard(key)
        self.known[key] = value
        return value

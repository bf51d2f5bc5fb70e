"""Asking the contracts' admission check (rate limits) before an operation runs.

The view calls :func:`admit_operation` once the operation is chosen and before it runs: a refusal
raises :class:`HttpProblem` (429 ``RATE_LIMITED`` with ``Retry-After``), an admission's headers
(``X-RateLimit-*``) are kept on the request and :func:`add_admission_headers` puts them on
whatever the view answers next, a field error or a later refusal included.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
)

from rail_django.contracts.request_admission import AdmittedOperation, request_admission
from rail_django.core.http.problem import HttpProblem

__all__ = ["add_admission_headers", "admit_operation", "root_field_names"]

_HEADERS_ATTRIBUTE = "_rail_admission_headers"


def root_field_names(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> tuple[str, ...]:
    """The root field names of ``operation``, one per selection, through root fragments.

    Walked with an explicit stack and each fragment entered once per path, so a fragment cycle
    (refused by validation anyway) cannot loop. ``__typename`` is not an operation and is left out.
    """
    names: list[str] = []
    stack: list[tuple[Any, frozenset[str]]] = [(operation.selection_set, frozenset())]
    while stack:
        selection_set, entered = stack.pop()
        for selection in reversed(selection_set.selections):
            if isinstance(selection, FieldNode):
                if selection.name.value != "__typename":
                    names.append(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, entered))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in entered:
                    stack.append((fragment.selection_set, entered | {name}))
    return tuple(names)


def admit_operation(
    request: Any, schema_name: str, document: Any, operation: OperationDefinitionNode
) -> None:
    """Ask the installed admission check whether ``operation`` may run (see the module)."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    decision = request_admission.get().admit(
        request,
        AdmittedOperation(
            schema_name=schema_name,
            operation_type=operation.operation.value,
            root_fields=root_field_names(operation, fragments),
        ),
    )
    if decision is None:
        return
    if decision.refusal is not None:
        refusal = decision.refusal
        raise HttpProblem(refusal.status, refusal.code, refusal.message, refusal.headers)
    if decision.headers:
        setattr(request, _HEADERS_ATTRIBUTE, dict(decision.headers))


def add_admission_headers(request: Any, response: Any) -> Any:
    """Copy the headers an admission asked for onto ``response`` (those it already has stay)."""
    for header, value in (getattr(request, _HEADERS_ATTRIBUTE, None) or {}).items():
        if header not in response:
            response[header] = value
    return response

"""The :func:`mutation_method` decorator: marks a model method to be exposed as a mutation.

Kept free of schema-building imports so models can import it at class-definition time; the
field is built by :mod:`rail_django.core.mutations.method_mutations` when a schema is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MARKER = "_rail_mutation_method"


@dataclass(frozen=True)
class MethodMutation:
    """What :func:`mutation_method` recorded on a method."""

    name: str | None
    operation: str
    codename: str | None
    description: str | None


def mutation_method(
    func: Callable | None = None,
    *,
    name: str | None = None,
    operation: str = "update",
    codename: str | None = None,
    description: str | None = None,
) -> Any:
    """Expose a model method as a mutation (rules: ``core.mutations.method_mutations``).

    ``name``: the root field name in snake_case (default ``<method>_<type>``); ``operation``
    and ``codename``: the permission asked of the backend; ``description``: default the
    method's docstring. Usable bare (``@mutation_method``) or with arguments.
    """

    def mark(method: Callable) -> Callable:
        setattr(method, MARKER, MethodMutation(name, str(operation), codename, description))
        return method

    return mark(func) if func is not None else mark

"""One way to turn (schema, model, user, where, order, page) into a queryset.

GraphQL list fields, export, reporting and subscription filters all call :func:`build_queryset`,
so a rule enforced in one step is enforced for every consumer. Steps are registered by packages
in phases: permission scope first, then filters, ordering, optimisation and the page window.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Protocol, runtime_checkable

from django.db.models import Model, QuerySet


class Phase(IntEnum):
    """When a step runs. Steps of one phase run by registration order."""

    SCOPE = 100
    FILTER = 200
    ORDER = 300
    OPTIMIZE = 400
    PAGINATE = 500


@dataclass(frozen=True)
class QueryRequest:
    """What a consumer asks of the pipeline.

    ``where`` is the filtering package's input (a plain mapping); ``order_by`` a list such as
    ``["-price", "name"]``; ``offset``/``limit`` the page window (``None``: no window);
    ``arguments`` the values of plugin list arguments by name; ``selection`` an optimisation plan
    the optimizer understands; ``context`` whatever the caller wants steps to see (the request).
    """

    model: type[Model]
    schema_name: str | None = None
    user: Any = None
    where: Mapping[str, Any] | None = None
    order_by: Sequence[str] | None = None
    offset: int | None = None
    limit: int | None = None
    quick: str | None = None
    arguments: Mapping[str, Any] = field(default_factory=dict)
    selection: Any = None
    operation: str = "view"
    context: Any = None


@runtime_checkable
class QuerysetStep(Protocol):
    """One stage of the pipeline. ``apply`` must return a queryset and must not evaluate it."""

    name: str

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]: ...


class QuerysetPipeline:
    """Registered steps by phase, and the function that runs them."""

    def __init__(self) -> None:
        self._steps: dict[str, tuple[Phase, int, QuerysetStep]] = {}
        self._counter = 0
        self._lock = threading.Lock()

    def register(self, step: QuerysetStep, phase: Phase) -> QuerysetStep:
        """Add ``step`` in ``phase``. A step name registered again replaces the earlier step
        (so a package can swap core's ordering step for its own)."""
        with self._lock:
            self._counter += 1
            previous = self._steps.get(step.name)
            sequence = previous[1] if previous else self._counter
            self._steps[step.name] = (Phase(phase), sequence, step)
        return step

    def unregister(self, name: str) -> None:
        with self._lock:
            self._steps.pop(name, None)

    def steps(self) -> tuple[QuerysetStep, ...]:
        """The steps in the order they run."""
        ordered = sorted(self._steps.values(), key=lambda item: (item[0], item[1]))
        return tuple(step for _, _, step in ordered)

    def run(self, request: QueryRequest, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
        """Apply every step to ``queryset`` (default: the model's default manager's ``all()``)."""
        qs = request.model._default_manager.all() if queryset is None else queryset
        for step in self.steps():
            qs = step.apply(qs, request)
        return qs


#: The process-wide pipeline.
queryset_pipeline = QuerysetPipeline()


def build_queryset(request: QueryRequest, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Run the process-wide pipeline for ``request``."""
    return queryset_pipeline.run(request, queryset)

"""One way to turn (schema, model, user, where, order, page) into a queryset.

GraphQL list fields, export, reporting and subscription filters all call :func:`build_queryset`,
so a rule enforced in one step is enforced for every consumer. Steps are registered by packages
in phases: permission scope first, then filters, ordering, optimisation and the page window.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from rail_django.contracts.schema_runtime import SchemaRuntime


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

    ``arguments`` holds the values of plugin list arguments by name, exactly as a GraphQL list
    field receives them; ``where`` and ``quick`` are shorthands for ``arguments["where"]`` and
    ``arguments["quick"]`` (the filtering package's inputs) and are merged into ``arguments``.
    ``order_by`` is a list such as ``["-price", "name"]``; ``offset``/``limit`` the page window
    (``None``: no window); ``selection`` an optimisation plan the optimizer understands;
    ``context`` whatever the caller wants steps to see (the request). ``runtime`` is the schema's
    :class:`~rail_django.contracts.schema_runtime.SchemaRuntime`; the pipeline fills it from
    ``schema_name`` when a caller leaves it out.
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
    runtime: SchemaRuntime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        merged = dict(self.arguments)
        for name in ("where", "quick"):
            shorthand = getattr(self, name)
            if shorthand is not None:
                merged.setdefault(name, shorthand)
            else:
                object.__setattr__(self, name, merged.get(name))
        object.__setattr__(self, "arguments", MappingProxyType(merged))
        if self.runtime is not None and self.schema_name is None:
            object.__setattr__(self, "schema_name", self.runtime.name)

    def argument(self, name: str, default: Any = None) -> Any:
        """The value of the list argument ``name`` (``default`` when absent)."""
        return self.arguments.get(name, default)


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
        self._ordered: tuple[QuerysetStep, ...] = ()
        #: Bumped on every change, so runtimes know when their copy of :meth:`steps` is stale.
        self.version = 0

    def _changed(self) -> None:
        ordered = sorted(self._steps.values(), key=lambda item: (item[0], item[1]))
        self._ordered = tuple(step for _, _, step in ordered)
        self.version += 1

    def register(self, step: QuerysetStep, phase: Phase) -> QuerysetStep:
        """Add ``step`` in ``phase``. A step name registered again replaces the earlier step
        (so a package can swap core's ordering step for its own)."""
        with self._lock:
            self._counter += 1
            previous = self._steps.get(step.name)
            sequence = previous[1] if previous else self._counter
            self._steps[step.name] = (Phase(phase), sequence, step)
            self._changed()
        return step

    def unregister(self, name: str) -> None:
        with self._lock:
            if self._steps.pop(name, None) is not None:
                self._changed()

    def steps(self) -> tuple[QuerysetStep, ...]:
        """The steps in the order they run (sorted once per registration, not per run)."""
        return self._ordered

    def run(self, request: QueryRequest, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
        """Apply every step to ``queryset`` (default: the model's default manager's ``all()``).

        A request without a runtime gets its schema's (:func:`get_schema_runtime`), so every
        step reads the same per-schema settings and decisions.
        """
        from rail_django.contracts.startup import ensure_started

        ensure_started()
        runtime = request.runtime
        if runtime is None:
            from rail_django.contracts.schema_runtime import get_schema_runtime

            runtime = get_schema_runtime(request.schema_name)
            request = replace(request, runtime=runtime)
        qs = request.model._default_manager.all() if queryset is None else queryset
        steps = runtime.steps if self is queryset_pipeline else self.steps()
        for step in steps:
            qs = step.apply(qs, request)
        return qs


#: The process-wide pipeline.
queryset_pipeline = QuerysetPipeline()


def build_queryset(request: QueryRequest, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Run the process-wide pipeline for ``request``."""
    return queryset_pipeline.run(request, queryset)

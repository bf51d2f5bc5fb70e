"""Plans cached per (schema, document, operation, field path, variables the plan reads).

A schema's cache lives as long as its build (a rebuild starts empty). Clients send the same
documents over and over, and the endpoint's document cache hands the same parsed operation to
every request with the same text, so the operation object identifies the document: a request
reuses the plan when it runs the same operation, reaches the field by the same path and holds
the same values in the variables the plan depends on (``@include(if: $x)``, nested arguments).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rail_django.core.optimizer.plans import QueryPlan

#: Most (operation, path) entries remembered per schema.
CACHE_SIZE = 2_000
#: Most variable combinations remembered per (operation, path).
VARIANTS_PER_ENTRY = 32


@dataclass
class _Entry:
    operation: Any  # kept alive so its id is not reused while the entry exists
    variables: tuple[str, ...]
    plans: OrderedDict[str, QueryPlan] = field(default_factory=OrderedDict)


def _values_key(names: tuple[str, ...], values: Mapping[str, Any]) -> str:
    if not names:
        return ""
    picked = {name: values.get(name) for name in names}
    return json.dumps(picked, sort_keys=True, default=repr)


def path_key(path: Any) -> tuple[str, ...]:
    """The response keys of ``info.path`` without list indexes."""
    keys: list[str] = []
    while path is not None:
        if isinstance(path.key, str):
            keys.append(path.key)
        path = path.prev
    return tuple(reversed(keys))


class PlanCache:
    """A bounded LRU of plans for one schema build, with hit/miss counters."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[int, tuple[str, ...]], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, info: Any, read: Callable[[], tuple[QueryPlan, frozenset[str]]]) -> QueryPlan:
        """The plan of the field ``info`` resolves; ``read()`` makes it on a miss and returns
        it with the names of the variables it depends on."""
        operation = info.operation
        key = (id(operation), path_key(info.path))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.operation is operation:
                plan = entry.plans.get(_values_key(entry.variables, info.variable_values))
                if plan is not None:
                    self.hits += 1
                    self._entries.move_to_end(key)
                    return plan
        plan, used = read()
        names = tuple(sorted(used))
        with self._lock:
            self.misses += 1
            entry = self._entries.get(key)
            if entry is None or entry.operation is not operation or entry.variables != names:
                entry = _Entry(operation, names)
                self._entries[key] = entry
            entry.plans[_values_key(names, info.variable_values)] = plan
            while len(entry.plans) > VARIANTS_PER_ENTRY:
                entry.plans.popitem(last=False)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return plan

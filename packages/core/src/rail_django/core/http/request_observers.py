"""Who is told about each finished GraphQL request (metrics exporters).

Nothing is measured while no observer is registered: the view checks :func:`observing` first,
so a project without metrics pays one truthiness test per request. An observer must be quick
and must not raise (what it raises is logged and dropped: metrics never fail a request).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "RequestEvent",
    "add_observer",
    "error_codes",
    "errors_of",
    "notify",
    "observing",
    "remove_observer",
]

logger = logging.getLogger("rail_django.core.http")


@dataclass(frozen=True)
class RequestEvent:
    """One GraphQL request as it finished."""

    schema: str
    operation_type: str  # query, mutation, or "unknown" when refused before parsing
    status: int
    seconds: float
    error_codes: tuple[str, ...]
    sql_queries: int
    #: ``extensions.category`` of each error, in the order of ``error_codes`` ("" when the
    #: answer does not carry one: categorisation off, or a refusal before formatting).
    error_categories: tuple[str, ...] = ()


Observer = Callable[[RequestEvent], None]
_observers: list[Observer] = []


def add_observer(observer: Observer) -> None:
    """Tell ``observer`` about every request from now on (once, however often it is added)."""
    if observer not in _observers:
        _observers.append(observer)


def remove_observer(observer: Observer) -> None:
    if observer in _observers:
        _observers.remove(observer)


def observing() -> bool:
    return bool(_observers)


def error_codes(content: bytes) -> tuple[str, ...]:
    """The ``extensions.code`` of each error of a JSON answer (empty when it has none)."""
    return errors_of(content)[0]


def errors_of(content: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``extensions.code`` and ``extensions.category`` of each error of a JSON answer, as
    two parallel tuples (empty when it has no error; "" where an error lacks one)."""
    if b'"errors"' not in content:
        return (), ()
    try:
        errors = json.loads(content).get("errors") or []
        extensions = [e.get("extensions") or {} for e in errors]
    except (ValueError, AttributeError):
        return (), ()
    codes = tuple(str(ext.get("code", "")) for ext in extensions)
    categories = tuple(str(ext.get("category", "")) for ext in extensions)
    return codes, categories


def notify(event: RequestEvent) -> None:
    for observer in tuple(_observers):
        try:
            observer(event)
        except Exception:
            logger.exception("A request observer failed; the request was served.")

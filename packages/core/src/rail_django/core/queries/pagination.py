"""Offset pagination: ``offset`` / ``limit`` (``first`` is ``limit``'s Relay-style alias).

:func:`page_window` turns a list field's arguments into a window under the schema's
``query_settings``; :class:`PaginationStep` applies a window in the queryset pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import QueryRequest

PAGE_ARGUMENTS = ("offset", "limit", "first")


def _non_negative(name: str, value: Any) -> None:
    if value is not None and value < 0:
        raise RailError(f"{name} must be 0 or more (got {value}).", ErrorCode.INVALID_PAGINATION)


def page_window(arguments: Mapping[str, Any], query_settings: Mapping[str, Any]) -> tuple[int, int]:
    """(offset, limit) for a list field's arguments.

    Without arguments the window is ``default_page_size`` rows; a limit above ``max_page_size``
    or a negative value is refused. With ``enable_pagination`` off, page arguments are refused
    and the list is capped at ``max_page_size`` rows (a list is never unbounded).
    """
    max_size = query_settings["max_page_size"]
    given = {
        name: arguments.get(name) for name in PAGE_ARGUMENTS if arguments.get(name) is not None
    }
    if not query_settings["enable_pagination"]:
        if given:
            names = ", ".join(sorted(given))
            raise RailError(
                f"Pagination is disabled for this schema ({names} not accepted).",
                ErrorCode.OPERATION_DISABLED,
            )
        return 0, max_size
    for name, value in given.items():
        _non_negative(name, value)
    limit, first = given.get("limit"), given.get("first")
    if limit is not None and first is not None and limit != first:
        raise RailError(
            f"limit ({limit}) and first ({first}) disagree; give one of them.",
            ErrorCode.INVALID_PAGINATION,
        )
    size = limit if limit is not None else first
    if size is None:
        size = query_settings["default_page_size"]
    if size > max_size:
        raise RailError(
            f"A page holds at most {max_size} rows (asked for {size}).",
            ErrorCode.INVALID_PAGINATION,
        )
    return given.get("offset") or 0, size


class PaginationStep:
    """Pipeline step (``Phase.PAGINATE``): slice to ``request.offset`` / ``request.limit``.

    Requests without a window (export, counts) pass through untouched.
    """

    name = "core_pagination"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        if request.offset is None and request.limit is None:
            return queryset
        _non_negative("offset", request.offset)
        _non_negative("limit", request.limit)
        start = request.offset or 0
        if request.limit is None:
            return queryset[start:]
        return queryset[start : start + request.limit]

"""Offset pagination: ``offset`` / ``limit`` (``first`` is ``limit``'s Relay-style alias).

The page-size rules are written here once and every list applies them: root lists
(:func:`page_window`), nested lists (:mod:`rail_django.core.optimizer.list_window`) and Relay
connections (:mod:`.relay` checks ``first``/``last`` with :func:`checked_size` and
:func:`refuse_when_disabled`):

- a page holds at most ``max_page_size`` rows; a larger or negative size is refused;
- a list asked for no page holds ``default_page_size`` rows (:func:`unpaged_rows`): a root list
  answers its first page, a nested list answers all its rows if they fit and is refused with
  ``PAGE_REQUIRED`` otherwise (never silently cut);
- with ``enable_pagination`` off, page arguments are refused and every list holds at most
  ``max_page_size`` rows.

:class:`PaginationStep` applies a window in the queryset pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import QueryRequest

PAGE_ARGUMENTS = ("offset", "limit", "first")


def _non_negative(name: str, value: Any) -> None:
    if value is not None and value < 0:
        raise RailError(
            _("%(name)s must be 0 or more (got %(value)s).") % {"name": name, "value": value},
            ErrorCode.INVALID_PAGINATION,
        )


def checked_size(name: str, value: int | None, query_settings: Mapping[str, Any]) -> int | None:
    """``value`` of the page argument ``name``, refused when negative or over ``max_page_size``."""
    _non_negative(name, value)
    max_size = query_settings["max_page_size"]
    if value is not None and value > max_size:
        raise RailError(
            ngettext(
                "A page holds at most %(max)s row (asked for %(size)s).",
                "A page holds at most %(max)s rows (asked for %(size)s).",
                max_size,
            )
            % {"max": max_size, "size": value},
            ErrorCode.INVALID_PAGINATION,
            extensions={"maxPageSize": max_size},
        )
    return value


def refuse_when_disabled(given: Iterable[str], query_settings: Mapping[str, Any]) -> None:
    """Refuse the page arguments ``given`` when ``enable_pagination`` is off."""
    names = sorted(given)
    if names and not query_settings["enable_pagination"]:
        raise RailError(
            _("Pagination is disabled for this schema (%(names)s not accepted).")
            % {"names": ", ".join(names)},
            ErrorCode.OPERATION_DISABLED,
        )


def unpaged_rows(query_settings: Mapping[str, Any]) -> int:
    """The most rows a list asked for no page may hold."""
    if not query_settings["enable_pagination"]:
        return query_settings["max_page_size"]
    return query_settings["default_page_size"]


def page_window(arguments: Mapping[str, Any], query_settings: Mapping[str, Any]) -> tuple[int, int]:
    """(offset, limit) for a list field's arguments (the rules are in the module doc)."""
    given = {
        name: arguments.get(name) for name in PAGE_ARGUMENTS if arguments.get(name) is not None
    }
    refuse_when_disabled(given, query_settings)
    if not query_settings["enable_pagination"]:
        return 0, query_settings["max_page_size"]
    _non_negative("offset", given.get("offset"))
    limit = checked_size("limit", given.get("limit"), query_settings)
    first = checked_size("first", given.get("first"), query_settings)
    if limit is not None and first is not None and limit != first:
        raise RailError(
            _("limit (%(limit)s) and first (%(first)s) disagree; give one of them.")
            % {"limit": limit, "first": first},
            ErrorCode.INVALID_PAGINATION,
        )
    size = limit if limit is not None else first
    if size is None:
        size = unpaged_rows(query_settings)
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

"""Limits on how much one request may write: ``mutation_settings.max_nested_items`` and
``mutation_settings.max_rows_written_per_request``.

Nested inputs multiply writes (one ``createBook`` with 2,000 ``tagsCreate`` items; five aliased
``bulkCreateBook`` of 100 books with 20 tags each wrote 10,500 rows). Each nested list is capped
before any of its items is written, and every row the generated mutations write - created,
updated, deleted, and each to-many link added or removed - is counted on the request against
its ceiling. The mutation field that goes over answers ``RAIL_GQL_TOO_MANY_WRITES`` and its
transaction is rolled back; the request's later mutation fields are refused too.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError

__all__ = ["spend_writes", "too_many_items"]

_COUNTER = "_rail_django_rows_written"


def too_many_items(items: Any, ceiling: int | None) -> str | None:
    """The message refusing the nested list ``items``, or ``None`` when it is within ``ceiling``."""
    if ceiling is None or not isinstance(items, list) or len(items) <= ceiling:
        return None
    # The plural follows the ceiling ("at most 1 is allowed"); the list holds more items than it.
    return ngettext(
        "This list holds %(count)s items; at most %(ceiling)s is allowed "
        "(mutation_settings.max_nested_items).",
        "This list holds %(count)s items; at most %(ceiling)s are allowed "
        "(mutation_settings.max_nested_items).",
        ceiling,
    ) % {"count": len(items), "ceiling": ceiling}


def spend_writes(request: Any, rows: int, ceiling: int | None) -> None:
    """Count ``rows`` written by ``request``; raise ``RailError`` past ``ceiling``.

    The count lives on the request object, so it spans every mutation field of the request
    (and the fields of a batch, which share their request). Without a request nothing is counted.
    """
    if ceiling is None or request is None or rows <= 0:
        return
    written = getattr(request, _COUNTER, 0) + rows
    try:
        setattr(request, _COUNTER, written)
    except AttributeError:  # a context object that takes no attributes: not an HTTP request
        return
    if written > ceiling:
        raise RailError(
            ngettext(
                "This request writes more than %(ceiling)s row "
                "(mutation_settings.max_rows_written_per_request); send smaller batches.",
                "This request writes more than %(ceiling)s rows "
                "(mutation_settings.max_rows_written_per_request); send smaller batches.",
                ceiling,
            )
            % {"ceiling": ceiling},
            ErrorCode.TOO_MANY_WRITES,
            extensions={"maxRowsWritten": ceiling},
        )

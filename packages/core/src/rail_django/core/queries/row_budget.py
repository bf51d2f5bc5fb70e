"""The per-request ceiling on rows: ``performance_settings.max_rows_per_request``.

Like GitHub's node limit (500,000 nodes per call), but counted as rows are fetched rather than
estimated: the endpoint opens one :func:`row_budget` around each execution, and every list —
root lists, Relay pages, nested lists per parent — spends its rows with :func:`spend_rows` before
they are serialised. The list that goes over answers ``RAIL_GQL_TOO_MANY_ROWS`` (GraphQL's
null propagation then empties its root field) and every later list of the request is refused
too before it runs its statement (:func:`refuse_when_exhausted`), so nothing past the ceiling is
fetched or returned. Rows of to-one relations are not counted: each is
at most one per parent row, and the parent was counted. Outside a budget (a schema executed
directly, without the endpoint) nothing is counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError

__all__ = ["RowBudget", "refuse_when_exhausted", "row_budget", "spend_rows"]


class RowBudget:
    """Rows a request has fetched so far, against its ceiling (``None``: no ceiling)."""

    def __init__(self, ceiling: int | None) -> None:
        self.ceiling = ceiling
        self.rows = 0

    def spend(self, rows: int) -> None:
        self.rows += rows
        if self.ceiling is not None and self.rows > self.ceiling:
            raise RailError(
                ngettext(
                    "This request fetched more than %(ceiling)s row "
                    "(performance_settings.max_rows_per_request); ask for smaller pages or "
                    "fewer nested lists.",
                    "This request fetched more than %(ceiling)s rows "
                    "(performance_settings.max_rows_per_request); ask for smaller pages or "
                    "fewer nested lists.",
                    self.ceiling,
                )
                % {"ceiling": self.ceiling},
                ErrorCode.TOO_MANY_ROWS,
                extensions={"maxRows": self.ceiling},
            )


_current: ContextVar[RowBudget | None] = ContextVar("rail_django_row_budget", default=None)


@contextmanager
def row_budget(ceiling: int | None) -> Iterator[RowBudget]:
    """Count the rows of the lists resolved inside the block against ``ceiling``."""
    budget = RowBudget(ceiling)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def refuse_when_exhausted() -> None:
    """``RailError`` when the request has already gone over its ceiling (call before fetching)."""
    spend_rows(0)


def spend_rows(rows: int) -> None:
    """Count ``rows`` fetched by one list; ``RailError`` past the request's ceiling."""
    budget = _current.get()
    if budget is not None:
        budget.spend(rows)

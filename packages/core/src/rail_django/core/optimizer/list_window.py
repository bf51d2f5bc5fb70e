"""A nested list field's arguments (``orderBy``, ``offset``/``limit``/``first``, plugin
arguments such as ``where``) as a :class:`~.plans.ListWindow`, and back into a pipeline request.

The same functions serve the planner (arguments read from the document) and the relation
resolver's fallback (arguments graphene passes), so both apply exactly the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from rail_django.contracts.queryset_pipeline import QueryRequest
from rail_django.core.optimizer.plans import ListWindow
from rail_django.core.queries.pagination import PAGE_ARGUMENTS, page_window, unpaged_rows

#: Arguments of a list field that are core's own, not a plugin's.
WINDOW_ARGUMENTS = frozenset({"offset", "limit", "first", "after", "last", "before", "order_by"})


def unpaged_cap(arguments: Mapping[str, Any], query_settings: Mapping[str, Any]) -> int | None:
    """The most rows a nested list called with ``arguments`` may hold when it was asked for no
    page (``None``: it was asked for one, and its page bounds it)."""
    if any(arguments.get(name) is not None for name in PAGE_ARGUMENTS):
        return None
    return unpaged_rows(query_settings)


def list_window(arguments: Mapping[str, Any], query_settings: Mapping[str, Any]) -> ListWindow:
    """The window of a nested list called with ``arguments`` (Python argument names).

    With ``offset``, ``limit`` or ``first`` the page follows the root lists' rules
    (``page_window``: never more than ``max_page_size`` rows per parent). Without them the list
    holds every related row the user may see as long as they are at most ``unpaged_rows``
    (``default_page_size``; ``max_page_size`` with ``enable_pagination`` off): the window's
    ``cap``. One row more is fetched per parent (in the same statement) so the resolver can
    refuse a list that holds more, instead of cutting it silently.
    """
    offset: int | None = None
    cap = unpaged_cap(arguments, query_settings)
    if cap is None:
        offset, limit = page_window(arguments, query_settings)
    else:
        limit = cap + 1
    plugin = {k: v for k, v in arguments.items() if k not in WINDOW_ARGUMENTS}
    order_by = arguments.get("order_by")
    return ListWindow(
        order_by=tuple(order_by) if order_by else None,
        offset=offset,
        limit=limit,
        cap=cap,
        plugin_arguments=plugin,
    )


def window_request(
    window: ListWindow | None,
    model: type[Model],
    *,
    runtime: Any,
    user: Any,
    context: Any,
    selection: Any,
) -> QueryRequest:
    """The pipeline request of a nested relation's rows (scoped like a root list)."""
    window = window or ListWindow()
    return QueryRequest(
        model=model,
        runtime=runtime,
        user=user,
        order_by=window.order_by,
        offset=window.offset,
        limit=window.limit,
        arguments=dict(window.plugin_arguments),
        selection=selection,
        operation="view",
        context=context,
    )

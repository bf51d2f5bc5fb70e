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
from rail_django.core.queries.pagination import PAGE_ARGUMENTS, page_window

#: Arguments of a list field that are core's own, not a plugin's.
WINDOW_ARGUMENTS = frozenset({"offset", "limit", "first", "after", "last", "before", "order_by"})


def list_window(arguments: Mapping[str, Any], query_settings: Mapping[str, Any]) -> ListWindow:
    """The window of a nested list called with ``arguments`` (Python argument names).

    With ``offset``, ``limit`` or ``first`` the page follows the root lists' rules
    (``page_window``: never more than ``max_page_size`` rows per parent). Without them the list
    holds every related row the user may see, as in graphene-django and strawberry-django: the
    parent list is paged already, and slicing each parent's rows costs a window-function
    subquery. (With ``enable_pagination`` off, ``page_window`` caps every list at
    ``max_page_size``.)
    """
    offset: int | None = None
    limit: int | None = None
    paged = any(arguments.get(name) is not None for name in PAGE_ARGUMENTS)
    if paged or not query_settings["enable_pagination"]:
        offset, limit = page_window(arguments, query_settings)
    plugin = {k: v for k, v in arguments.items() if k not in WINDOW_ARGUMENTS}
    order_by = arguments.get("order_by")
    return ListWindow(
        where=plugin.get("where"),
        quick=plugin.get("quick"),
        order_by=tuple(order_by) if order_by else None,
        offset=offset,
        limit=limit,
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
        where=window.where,
        quick=window.quick,
        order_by=window.order_by,
        offset=window.offset,
        limit=window.limit,
        arguments=dict(window.plugin_arguments),
        selection=selection,
        operation="view",
        context=context,
    )

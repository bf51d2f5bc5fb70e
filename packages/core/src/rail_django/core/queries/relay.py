"""Relay connections (``use_relay``): ``edges { cursor node }``, ``pageInfo`` and ``totalCount``.

Cursors are opaque offsets (``base64("offset:<n>")``). ``totalCount`` runs its COUNT only when
the client selects it; ``hasNextPage`` is learnt by fetching one row more than the page.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

import graphene
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from graphene.relay import PageInfo

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import build_queryset
from rail_django.core.build_context import SchemaBuild
from rail_django.core.optimizer import PlanShape, plan_for
from rail_django.core.queries.access import ModelAccess
from rail_django.core.queries.pagination import checked_size, refuse_when_disabled, unpaged_rows
from rail_django.core.queries.row_budget import refuse_when_exhausted, spend_rows

_PREFIX = "offset:"


def offset_cursor(offset: int) -> str:
    return base64.b64encode(f"{_PREFIX}{offset}".encode()).decode("ascii")


def cursor_offset(cursor: str) -> int:
    """The offset in ``cursor``; ``RailError`` when it is not one of ours."""
    try:
        text = base64.b64decode(cursor, validate=True).decode("ascii")
        if text.startswith(_PREFIX):
            offset = int(text[len(_PREFIX) :])
            if offset >= 0:
                return offset
    except (binascii.Error, ValueError, UnicodeDecodeError):
        pass
    raise RailError(
        _("Invalid cursor %(cursor)r.") % {"cursor": cursor}, ErrorCode.INVALID_PAGINATION
    )


@dataclass
class Edge:
    node: Any
    cursor: str


class ConnectionResult:
    """What a connection field resolves to; ``total_count`` is computed on demand."""

    def __init__(self, queryset: QuerySet[Any], edges: list[Edge], page_info: PageInfo) -> None:
        self._queryset = queryset
        self.edges = edges
        self.page_info = page_info

    def total_count(self) -> int:
        return self._queryset.count()


def _resolve_total_count(root: ConnectionResult, info: Any) -> int:
    return root.total_count()


def _window(
    kwargs: dict[str, Any], query: Any, queryset: QuerySet[Any]
) -> tuple[int, int | None, int]:
    """(start, end or None, size) of the requested slice, under :mod:`.pagination`'s rules."""
    refuse_when_disabled(
        [n for n in ("first", "after", "last", "before") if kwargs.get(n) is not None], query
    )
    if not query["enable_pagination"]:
        return 0, None, query["max_page_size"]
    first = checked_size("first", kwargs.get("first"), query)
    last = checked_size("last", kwargs.get("last"), query)
    if first is not None and last is not None:
        raise RailError(_("Give first or last, not both."), ErrorCode.INVALID_PAGINATION)
    start = cursor_offset(kwargs["after"]) + 1 if kwargs.get("after") else 0
    end = cursor_offset(kwargs["before"]) if kwargs.get("before") else None
    if last is not None:
        if end is None:
            end = queryset.count()
        start = max(start, end - last)
        return start, end, max(0, end - start)
    size = first if first is not None else unpaged_rows(query)
    if end is not None:
        size = min(size, max(0, end - start))
    return start, end, size


def connection_field(
    build: SchemaBuild, model: type[Model], access: ModelAccess, arguments: dict[str, Any]
) -> graphene.Field:
    """The connection field of ``model`` with Relay's ``first/after/last/before``."""
    from rail_django.core.queries.list_fields import query_request

    type_name = build.type_name(model)
    edge_type = type(
        f"{type_name}Edge",
        (graphene.ObjectType,),
        {
            "node": graphene.Field(build.type_thunk(model), required=True),
            "cursor": graphene.String(required=True),
            "Meta": type("Meta", (), {"description": f"A {type_name} and its cursor."}),
        },
    )
    connection_type = type(
        f"{type_name}Connection",
        (graphene.ObjectType,),
        {
            "edges": graphene.NonNull(graphene.List(graphene.NonNull(edge_type))),
            "page_info": graphene.Field(PageInfo, required=True),
            "total_count": graphene.Field(
                graphene.Int,
                required=True,
                resolver=_resolve_total_count,
                description=_("Rows matching the query (counted only when asked for)."),
            ),
            "Meta": type(
                "Meta", (), {"description": _("A page of %(type)s rows.") % {"type": type_name}}
            ),
        },
    )
    query = build.settings["query_settings"]
    arguments = {
        "first": graphene.Int(description=_("Rows after `after` (at most max_page_size).")),
        "after": graphene.String(),
        "last": graphene.Int(description=_("Rows before `before` (at most max_page_size).")),
        "before": graphene.String(),
        **arguments,
    }

    def resolve(root: Any, info: Any, **kwargs: Any) -> ConnectionResult:
        user = access.ensure(info)
        refuse_when_exhausted()
        selection = plan_for(build, model, info, PlanShape.CONNECTION)
        request = query_request(build, model, info, user, kwargs, selection=selection)
        queryset = build_queryset(request)
        start, end, size = _window(kwargs, query, queryset)
        rows = list(queryset[start : start + size + 1]) if size else []
        has_next = len(rows) > size if end is None else start + size < end
        rows = rows[:size]
        spend_rows(len(rows))
        edges = [Edge(row, offset_cursor(start + i)) for i, row in enumerate(rows)]
        page_info = PageInfo(
            has_next_page=has_next,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return ConnectionResult(queryset, edges, page_info)

    return graphene.Field(
        connection_type,
        args=arguments,
        resolver=resolve,
        description=_("A page of %(models)s.") % {"models": model._meta.verbose_name_plural},
    )

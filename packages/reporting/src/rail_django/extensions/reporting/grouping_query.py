"""One grouping over a queryset the pipeline scoped: buckets in one SQL query, capped.

Keys and values are selected under internal aliases (``d0``, ``m0``), so a column may be named
like a model field without clashing with it; they are mapped back to their names afterwards.
The cap (``query_settings.max_grouping_buckets``) is enforced in the same query: it fetches one
bucket more than it may return, and that extra bucket is the error.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.extensions.reporting.definitions import Definitions
from rail_django.extensions.reporting.expressions import dimension_expression, metric_expression

#: The alias of the bucket row count every grouping selects.
COUNT_ALIAS = "bucket_count"


@dataclass(frozen=True)
class Buckets:
    """The rows of a grouping (name -> JSON value) and whether more buckets follow the page."""

    rows: list[dict[str, Any]]
    has_more: bool


def json_value(value: Any) -> Any:
    """A database value as JSON: numbers stay numbers, dates become ISO 8601 text."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


def _order(definitions: Definitions, order_by: Sequence[str] | None, counted: bool) -> list[Any]:
    aliases = _aliases(definitions, counted)
    terms: list[Any] = []
    used: set[str] = set()
    for entry in order_by or ():
        text = str(entry).strip()
        descending = text.startswith("-")
        name = text.lstrip("-")
        alias = aliases.get(name)
        if alias is None:
            raise RailError(
                _("Cannot order by %(name)r: order by one of %(names)s.")
                % {"name": name, "names": ", ".join(sorted(aliases))},
                ErrorCode.INVALID_ORDERING,
            )
        expression = F(alias)
        terms.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
        used.add(alias)
    # Ties (and no ordering at all) are broken by the keys, so every database pages alike.
    for index in range(len(definitions.dimensions)):
        alias = f"d{index}"
        if alias not in used:
            terms.append(F(alias).asc(nulls_last=True))
    return terms


def _aliases(definitions: Definitions, counted: bool) -> dict[str, str]:
    aliases = {d.name: f"d{i}" for i, d in enumerate(definitions.dimensions)}
    aliases.update({m.name: f"m{i}" for i, m in enumerate(definitions.metrics)})
    if counted:
        aliases.setdefault("count", COUNT_ALIAS)
    return aliases


def ordering_names(definitions: Definitions, counted: bool = False) -> list[str]:
    """The names ``order_by`` accepts."""
    return sorted(_aliases(definitions, counted))


def run_grouping(
    queryset: QuerySet[Any],
    definitions: Definitions,
    *,
    cap: int,
    tzinfo: dt.tzinfo | None,
    order_by: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int | None = None,
    counted: bool = False,
) -> Buckets:
    """Group ``queryset`` by the dimensions and compute the metrics, in one query.

    Without ``limit`` every bucket is returned, and more than ``cap`` of them is
    ``TOO_MANY_BUCKETS``; with one, at most ``limit`` (itself at most ``cap``) are returned and
    ``has_more`` says whether others follow. ``counted`` adds each bucket's row count.
    """
    offset = offset or 0
    if offset < 0 or (limit is not None and limit < 0):
        raise RailError(_("limit and offset cannot be negative."), ErrorCode.INVALID_PAGINATION)
    if limit is not None and limit > cap:
        raise RailError(
            _("limit %(limit)s is over max_grouping_buckets (%(cap)s).")
            % {"limit": limit, "cap": cap},
            ErrorCode.TOO_MANY_BUCKETS,
            extensions={"maxGroupingBuckets": cap},
        )
    keys = {f"d{i}": dimension_expression(d, tzinfo) for i, d in enumerate(definitions.dimensions)}
    values = {f"m{i}": metric_expression(m) for i, m in enumerate(definitions.metrics)}
    if counted:
        values[COUNT_ALIAS] = Count("pk")
    ordered = queryset.order_by()
    if keys:
        grouped = (
            ordered.values(**keys)
            .annotate(**values)
            .order_by(*_order(definitions, order_by, counted))
        )
        size = cap if limit is None else limit
        fetched = list(grouped[offset : offset + size + 1])
    else:
        # No dimension: one bucket, the whole (scoped, filtered) queryset.
        fetched = [ordered.aggregate(**values)] if values else [{}]
        size = 1
    if len(fetched) > size and limit is None:
        raise RailError(
            _(
                "This grouping has more than %(cap)s buckets (max_grouping_buckets): narrow it "
                "with where, use a coarser transform, or page it with limit."
            )
            % {"cap": cap},
            ErrorCode.TOO_MANY_BUCKETS,
            extensions={"maxGroupingBuckets": cap},
        )
    has_more = len(fetched) > size
    return Buckets([_row(definitions, raw, counted) for raw in fetched[:size]], has_more)


def _row(definitions: Definitions, raw: Mapping[str, Any], counted: bool) -> dict[str, Any]:
    row = {d.name: json_value(raw.get(f"d{i}")) for i, d in enumerate(definitions.dimensions)}
    row.update({m.name: json_value(raw.get(f"m{i}")) for i, m in enumerate(definitions.metrics)})
    if counted:
        row[COUNT_ALIAS] = raw.get(COUNT_ALIAS) or 0
    return row


def run_totals(queryset: QuerySet[Any], definitions: Definitions) -> dict[str, Any]:
    """The grand total row: every metric over the whole queryset (dimensions are ``None``)."""
    values = {f"m{i}": metric_expression(m) for i, m in enumerate(definitions.metrics)}
    raw = queryset.order_by().aggregate(**values) if values else {}
    row: dict[str, Any] = {d.name: None for d in definitions.dimensions}
    row.update({m.name: json_value(raw.get(f"m{i}")) for i, m in enumerate(definitions.metrics)})
    return row

"""Running a dataset for a user: pipeline queryset (scope, ``where``), dataset filters, buckets.

:func:`run_dataset` is the one entry point: GraphQL's ``reportingDataset`` and Python callers
(an export, a scheduled report) get the same rows for the same user.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone as django_timezone
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.contracts.schema_runtime import SchemaRuntime, get_schema_runtime
from rail_django.extensions.reporting.access import (
    ensure_readable,
    model_refusal,
    unreadable_hop,
)
from rail_django.extensions.reporting.definitions import Definitions, Dimension
from rail_django.extensions.reporting.grouping_query import run_grouping, run_totals
from rail_django.extensions.reporting.models import ReportingDataset


@dataclass(frozen=True)
class Column:
    """A result column a chart library can render without guessing: ``kind`` is one of
    integer, number, string, boolean, date, datetime, time, duration, json, list."""

    name: str
    label: str
    kind: str
    role: str  # "dimension" or "metric"


@dataclass(frozen=True)
class DatasetResult:
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    totals: dict[str, Any] | None
    has_more: bool


def columns_of(definitions: Definitions) -> tuple[Column, ...]:
    return tuple(
        Column(c.name, c.label, c.kind, "dimension" if isinstance(c, Dimension) else "metric")
        for c in definitions.columns
    )


def resolve_timezone(name: str | None) -> dt.tzinfo | None:
    """The zone date-times are cut in: ``name``, else the site's ``TIME_ZONE`` (``None`` when
    ``USE_TZ`` is off: values are naive)."""
    if not settings.USE_TZ:
        return None
    if not name:
        return django_timezone.get_current_timezone()
    try:
        return zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise RailError(
            _("%(name)r is not a time zone (use an IANA name such as Europe/Paris).")
            % {"name": name},
            ErrorCode.INVALID_ARGUMENT,
        ) from None


def dataset_definitions(dataset: ReportingDataset) -> Definitions:
    """The dataset's definitions; a stored dataset the database or models no longer fit is
    refused with the reason, never run half-valid."""
    try:
        return dataset.definitions()
    except ValidationError as error:
        raise RailError(
            _("Dataset %(code)r is not valid: %(reason)s")
            % {"code": dataset.code, "reason": "; ".join(error.messages)},
            ErrorCode.VALIDATION_FAILED,
        ) from None


def dataset_refusal(
    dataset: ReportingDataset, runtime: SchemaRuntime, user: Any, context: Any = None
) -> RailError | None:
    """Why ``user`` may not run ``dataset`` in this schema (``None``: they may)."""
    try:
        model = dataset.source()
    except ValidationError:
        return RailError(_("This dataset's source model is not installed."), ErrorCode.NOT_FOUND)
    if runtime.models and model not in runtime.models:
        return RailError(
            _("No dataset %(code)r in this schema.") % {"code": dataset.code}, ErrorCode.NOT_FOUND
        )
    refusal = model_refusal(runtime, model, user)
    if refusal is not None:
        return refusal
    permission = dataset.required_permission
    if permission and not (user is not None and user.has_perm(permission)):
        return RailError(
            _("You do not have permission to run the dataset %(code)r.") % {"code": dataset.code},
            ErrorCode.PERMISSION_DENIED,
        )
    return None


def may_read_columns(
    definitions: Definitions, runtime: SchemaRuntime, user: Any, context: Any = None
) -> bool:
    return all(
        column.path is None or unreadable_hop(runtime, user, column.path, context) is None
        for column in definitions.columns
    )


def run_dataset(
    dataset: ReportingDataset,
    *,
    user: Any,
    runtime: SchemaRuntime | None = None,
    schema_name: str | None = None,
    context: Any = None,
    where: Mapping[str, Any] | None = None,
    order_by: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int | None = None,
    timezone: str | None = None,
    totals: bool = False,
) -> DatasetResult:
    """The rows of ``dataset`` for ``user``: ``RailError`` when they may not run it, when a
    column reads a field they may not read, or when the buckets exceed the cap."""
    runtime = runtime or get_schema_runtime(schema_name)
    refusal = dataset_refusal(dataset, runtime, user, context)
    if refusal is not None:
        raise refusal
    definitions = dataset_definitions(dataset)
    model = dataset.source()
    ensure_readable(runtime, user, ((c.name, c.path) for c in definitions.columns), context)
    queryset = scoped_queryset(runtime, model, user, context, where)
    queryset = dataset.filtered(queryset)
    cap = int(runtime.section("query_settings").get("max_grouping_buckets") or 200)
    buckets = run_grouping(
        queryset,
        definitions,
        cap=cap,
        tzinfo=resolve_timezone(timezone),
        order_by=order_by if order_by else dataset.ordering,
        limit=limit,
        offset=offset,
    )
    total_row = run_totals(queryset, definitions) if totals else None
    return DatasetResult(columns_of(definitions), buckets.rows, total_row, buckets.has_more)


def scoped_queryset(runtime: SchemaRuntime, model: Any, user: Any, context: Any, where: Any) -> Any:
    """The model's rows through the queryset pipeline: the user's permission scope, then the
    ``where`` of the filtering package (refused when no package contributes ``where``)."""
    arguments: dict[str, Any] = {}
    if where:
        if "where" not in runtime.list_arguments:
            raise RailError(
                _("where needs the filtering package (rail-django-filtering)."),
                ErrorCode.INVALID_FILTER,
            )
        arguments["where"] = where
    request = QueryRequest(
        model=model,
        runtime=runtime,
        user=user,
        arguments=arguments,
        operation="view",
        context=context,
    )
    return build_queryset(request)

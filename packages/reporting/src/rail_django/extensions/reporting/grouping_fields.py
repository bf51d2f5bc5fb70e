"""``<model>Group``: buckets of any model's list, in one SQL query, capped.

::

    orderGroup(
      groupBy: [{field: "createdAt", transform: "trunc:month", name: "month"}]
      aggregates: [{field: "totalAmount", function: "sum", name: "revenue"}]
      where: {status: {eq: "paid"}}
      orderBy: ["-revenue"]
      limit: 12
    ) { key count aggregates }

The rows come from the queryset pipeline (the caller's permission scope, then ``where``); a
field the caller may not read cannot be grouped or aggregated; more buckets than
``query_settings.max_grouping_buckets`` is ``TOO_MANY_BUCKETS``.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.db import connections, router
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.core.types import JSON
from rail_django.extensions.reporting.access import (
    ensure_model_access,
    ensure_readable,
    request_user,
)
from rail_django.extensions.reporting.definitions import DefinitionError, parse_definitions
from rail_django.extensions.reporting.grouping_query import COUNT_ALIAS, run_grouping
from rail_django.extensions.reporting.runner import resolve_timezone, scoped_queryset
from rail_django.extensions.reporting.schema_fields import schema_finder, snake_case, type_name


class ReportingGroupByInput(graphene.InputObjectType):
    """One grouping key."""

    field = graphene.String(required=True, description='A field path: "customer.country".')
    transform = graphene.String(description='"trunc:month", "extract:dow"...')
    name = graphene.String(description="The key's name in the bucket (default: the path).")


class ReportingAggregateInput(graphene.InputObjectType):
    """One value computed per bucket."""

    field = graphene.String(description="A field path (none: count the rows).")
    function = graphene.String(
        required=True,
        description="count, distinct_count, sum, avg, min, max; on PostgreSQL also list, "
        "concat, stddev, variance, percentile:<p>",
    )
    name = graphene.String(description="The value's name in the bucket.")


class ReportingGroupBucket(graphene.ObjectType):
    """One bucket: its key values, its row count and its aggregates, by name."""

    key = graphene.Field(JSON, required=True)
    count = graphene.Int(required=True)
    aggregates = graphene.Field(JSON, required=True)


def _entries(values: Any, rename: dict[str, str]) -> list[dict[str, Any]]:
    entries = []
    for value in values or ():
        entry = {rename.get(k, k): v for k, v in dict(value).items() if v is not None}
        entries.append(entry)
    return entries


def group_field(context: Any, model: Any, finder: Any) -> graphene.Field:
    """The ``<model>_group`` root field of ``model`` in the schema ``context`` builds."""
    runtime = context.runtime
    arguments: dict[str, Any] = {
        "group_by": graphene.List(graphene.NonNull(ReportingGroupByInput), required=True),
        "aggregates": graphene.List(graphene.NonNull(ReportingAggregateInput)),
        "order_by": graphene.List(
            graphene.NonNull(graphene.String),
            description='Key or aggregate names, or "count"; "-" for descending.',
        ),
        "limit": graphene.Int(description="Buckets to return (at most max_grouping_buckets)."),
        "offset": graphene.Int(),
        "timezone": graphene.String(description="IANA zone date-times are cut in."),
    }
    where = runtime.list_arguments.get("where")
    built = where.build(context, model) if where is not None else None
    if built is not None:
        arguments["where"] = built

    def resolve(root: Any, info: Any, **kwargs: Any) -> list[dict[str, Any]]:
        user = request_user(info)
        ensure_model_access(runtime, model, user)
        group_by = kwargs.get("group_by") or []
        if not group_by:
            raise RailError(_("groupBy needs at least one field."), ErrorCode.INVALID_ARGUMENT)
        vendor = connections[router.db_for_read(model)].vendor
        try:
            definitions = parse_definitions(
                model,
                _entries(group_by, {}),
                _entries(kwargs.get("aggregates"), {"function": "aggregation"}),
                vendor,
                finder,
            )
        except DefinitionError as error:
            raise RailError("; ".join(error.problems), ErrorCode.INVALID_ARGUMENT) from None
        columns = ((c.name, c.path) for c in definitions.columns)
        ensure_readable(runtime, user, columns, info.context)
        queryset = scoped_queryset(runtime, model, user, info.context, kwargs.get("where"))
        cap = int(runtime.section("query_settings").get("max_grouping_buckets") or 200)
        buckets = run_grouping(
            queryset,
            definitions,
            cap=cap,
            tzinfo=resolve_timezone(kwargs.get("timezone")),
            order_by=kwargs.get("order_by"),
            limit=kwargs.get("limit"),
            offset=kwargs.get("offset"),
            counted=True,
        )
        keys = [d.name for d in definitions.dimensions]
        values = [m.name for m in definitions.metrics]
        return [
            {
                "key": {name: row[name] for name in keys},
                "count": row[COUNT_ALIAS],
                "aggregates": {name: row[name] for name in values},
            }
            for row in buckets.rows
        ]

    return graphene.Field(
        graphene.List(graphene.NonNull(ReportingGroupBucket)),
        args=arguments,
        resolver=resolve,
        description=f"Buckets of {model._meta.verbose_name_plural} grouped by fields.",
    )


def json_enabled(context: Any) -> bool:
    """Buckets and dataset rows are JSON: a schema that switches the JSON scalar off
    (``custom_scalars.JSON.enabled``) gets no grouping or dataset field (documented)."""
    return bool((context.settings["custom_scalars"].get("JSON") or {}).get("enabled", True))


def grouping_query_fields(context: Any) -> dict[str, Any]:
    """The QUERY_FIELDS contribution: ``<model>_group`` and ``<model>_aggregate`` per model."""
    from rail_django.extensions.reporting.aggregate_fields import aggregate_field

    finder = schema_finder(context)
    grouping = json_enabled(context)
    fields: dict[str, Any] = {}
    for model in context.models:
        base = snake_case(type_name(context, model))
        if grouping:
            fields[f"{base}_group"] = group_field(context, model, finder)
        fields[f"{base}_aggregate"] = aggregate_field(context, model)
    return fields

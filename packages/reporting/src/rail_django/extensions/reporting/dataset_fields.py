"""``reportingDataset(code:)`` and ``reportingDatasets``: the root fields of datasets.

``reportingDataset`` answers null with ``NOT_FOUND`` for a code that is unknown, inactive or over
a model this schema does not expose, and with the refusal (``UNAUTHENTICATED``,
``PERMISSION_DENIED``) for one the user may not run; ``reportingDatasets`` lists only what the
user may run (every column readable by them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.schema_runtime import SchemaRuntime
from rail_django.core.types import JSON
from rail_django.extensions.reporting.access import request_user
from rail_django.extensions.reporting.declared_datasets import all_datasets, find_dataset
from rail_django.extensions.reporting.models import ReportingDataset
from rail_django.extensions.reporting.runner import (
    columns_of,
    dataset_definitions,
    dataset_refusal,
    may_read_columns,
    run_dataset,
)

#: ``preview`` without ``limit``.
DEFAULT_PREVIEW_LIMIT = 20


@dataclass(frozen=True)
class _Bound:
    """A dataset the user may run, with what its resolvers need."""

    dataset: ReportingDataset
    runtime: SchemaRuntime
    user: Any
    context: Any

    def run(self, **arguments: Any) -> Any:
        return run_dataset(
            self.dataset,
            user=self.user,
            runtime=self.runtime,
            context=self.context,
            **arguments,
        )


class ReportingColumn(graphene.ObjectType):
    """A column of a dataset's rows: its key in each row, label and kind."""

    name = graphene.String(required=True)
    label = graphene.String(required=True)
    kind = graphene.String(
        required=True,
        description="integer, number, string, boolean, date, datetime, time, duration, json, list",
    )
    role = graphene.String(required=True, description="dimension or metric")


class ReportingResult(graphene.ObjectType):
    """A run of a dataset: typed columns next to JSON rows (one object per bucket)."""

    columns = graphene.List(graphene.NonNull(ReportingColumn), required=True)
    rows = graphene.Field(JSON, required=True, description="[{column name: value}]")
    totals = graphene.Field(JSON, description="The grand total row (when totals: true).")
    has_more = graphene.Boolean(required=True, description="More buckets follow this page.")


class ReportingDatasetType(graphene.ObjectType):
    """A BI dataset the user may run."""

    class Meta:
        name = "ReportingDataset"

    code = graphene.String(required=True)
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    columns = graphene.List(graphene.NonNull(ReportingColumn), required=True)
    preview = graphene.Field(
        JSON,
        limit=graphene.Int(description=f"Rows to return (default {DEFAULT_PREVIEW_LIMIT})."),
        description="The first rows, in the dataset's own order: [{column name: value}].",
    )
    run = graphene.Field(
        ReportingResult,
        where=graphene.Argument(JSON, description="The source model's where input, as JSON."),
        order_by=graphene.List(
            graphene.NonNull(graphene.String), description='Column names, "-" for descending.'
        ),
        limit=graphene.Int(),
        offset=graphene.Int(),
        timezone=graphene.String(description="IANA zone date-times are cut in (default: site)."),
        totals=graphene.Boolean(default_value=False, description="Add the grand total row."),
    )

    @staticmethod
    def resolve_code(root: _Bound, info: Any) -> str:
        return root.dataset.code

    @staticmethod
    def resolve_title(root: _Bound, info: Any) -> str:
        return root.dataset.title

    @staticmethod
    def resolve_description(root: _Bound, info: Any) -> str:
        return root.dataset.description

    @staticmethod
    def resolve_columns(root: _Bound, info: Any) -> Any:
        return columns_of(dataset_definitions(root.dataset))

    @staticmethod
    def resolve_preview(root: _Bound, info: Any, limit: int | None = None) -> Any:
        return root.run(limit=DEFAULT_PREVIEW_LIMIT if limit is None else limit).rows

    @staticmethod
    def resolve_run(root: _Bound, info: Any, **arguments: Any) -> Any:
        return root.run(**arguments)


def dataset_query_fields(context: Any) -> dict[str, Any]:
    """The QUERY_FIELDS contribution: ``reporting_dataset`` and ``reporting_datasets``."""
    from rail_django.extensions.reporting.grouping_fields import json_enabled

    if not json_enabled(context):
        return {}
    runtime = context.runtime

    def resolve_one(root: Any, info: Any, code: str) -> _Bound:
        user = request_user(info)
        dataset = find_dataset(code)
        refusal = None if dataset is None else dataset_refusal(dataset, runtime, user)
        if dataset is None or (refusal is not None and refusal.code == ErrorCode.NOT_FOUND):
            raise RailError(_("No dataset %(code)r.") % {"code": code}, ErrorCode.NOT_FOUND)
        if refusal is not None:
            raise refusal
        return _Bound(dataset, runtime, user, info.context)

    def resolve_all(root: Any, info: Any) -> list[_Bound]:
        user = request_user(info)
        runnable = []
        for dataset in all_datasets():
            if dataset_refusal(dataset, runtime, user) is not None:
                continue
            try:
                definitions = dataset.definitions()
            except ValidationError:
                definitions = None  # a stored dataset the models no longer fit is not listed
            if definitions is not None and may_read_columns(
                definitions, runtime, user, info.context
            ):
                runnable.append(_Bound(dataset, runtime, user, info.context))
        return runnable

    return {
        "reporting_dataset": graphene.Field(
            ReportingDatasetType,
            code=graphene.String(required=True),
            resolver=resolve_one,
            description="A BI dataset by code.",
        ),
        "reporting_datasets": graphene.Field(
            graphene.List(graphene.NonNull(ReportingDatasetType)),
            resolver=resolve_all,
            description="The datasets you may run.",
        ),
    }

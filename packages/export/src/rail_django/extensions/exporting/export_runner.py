"""An export from payload to rows: everything is checked before the first byte is sent.

:func:`prepare_export` resolves the model, the user's right to export it, its columns and the
pipeline queryset, and counts the rows (up to ``max_rows + 1``). A streaming response cannot turn
into an error half-way, so no check is left for later.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.contracts.schema_runtime import SchemaRuntime, get_schema_runtime
from rail_django.extensions.exporting.columns import Column, ColumnResolver
from rail_django.extensions.exporting.export_access import allowed_paths, ensure_may_export
from rail_django.extensions.exporting.export_request import ExportSpec
from rail_django.extensions.exporting.export_settings import export_settings
from rail_django.extensions.exporting.row_source import RowSource
from rail_django.extensions.exporting.schema_plan import plan_of

#: A worksheet holds 1,048,576 rows, one of which is the header.
XLSX_MAX_DATA_ROWS = 1_048_575


@dataclass(frozen=True)
class PreparedExport:
    """A checked export: its model, columns, queryset and row counts."""

    spec: ExportSpec
    model: type[Model]
    columns: tuple[Column, ...]
    source: RowSource
    row_count: int
    truncated: bool
    max_rows: int

    def rows(self) -> Iterator[list[Any]]:
        return self.source.rows(self.row_count)

    def filename(self) -> str:
        stem = self.spec.filename or f"{self.model._meta.model_name}_export"
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)[:100] or "export"
        if not safe.lower().endswith(f".{self.spec.file_extension}"):
            safe = f"{safe}.{self.spec.file_extension}"
        return safe


def find_model(runtime: SchemaRuntime, spec: ExportSpec) -> type[Model]:
    model = plan_of(runtime).model_by_label(spec.app_name, spec.model_name)
    if model is None:
        raise RailError(
            _("No model %(app)s.%(model)s in this schema.")
            % {"app": spec.app_name, "model": spec.model_name},
            ErrorCode.NOT_FOUND,
        )
    return model


def export_runtime(values: Mapping[str, Any] | None = None) -> SchemaRuntime:
    values = values or export_settings()
    return get_schema_runtime(values["schema"])


def prepare_export(
    spec: ExportSpec,
    user: Any,
    *,
    context: Any = None,
    values: Mapping[str, Any] | None = None,
) -> PreparedExport:
    """Check ``spec`` for ``user``; ``RailError`` with a precise message when anything is off."""
    values = values or export_settings()
    runtime = export_runtime(values)
    model = find_model(runtime, spec)
    entry = ensure_may_export(runtime, values, model, user, extra_permission=spec.permission)
    resolver = ColumnResolver(
        runtime, plan_of(runtime), user, allowed_paths=allowed_paths(entry), context=context
    )
    columns = resolver.resolve(model, spec.fields)
    queryset = pipeline_queryset(runtime, model, user, spec, context)
    cap = spec.max_rows or values["max_rows"]
    if spec.file_extension == "xlsx":
        cap = min(cap, XLSX_MAX_DATA_ROWS)
    found = queryset.order_by()[: cap + 1].count()
    source = RowSource(
        runtime,
        user,
        queryset,
        columns,
        chunk_size=values["chunk_size"],
        separator=values["many_separator"],
        context=context,
    )
    return PreparedExport(spec, model, columns, source, min(found, cap), found > cap, cap)


def pipeline_queryset(
    runtime: SchemaRuntime, model: type[Model], user: Any, spec: ExportSpec, context: Any
) -> QuerySet[Any]:
    """The model's rows as its GraphQL list field returns them: scope, ``where``, ordering."""
    arguments: dict[str, Any] = {}
    if spec.where:
        if "where" not in runtime.list_arguments:
            raise RailError(
                _("variables need the filtering package (rail-django-filtering)."),
                ErrorCode.INVALID_FILTER,
            )
        arguments["where"] = dict(spec.where)
    request = QueryRequest(
        model=model,
        runtime=runtime,
        user=user,
        arguments=arguments,
        order_by=list(spec.ordering) or None,
        operation="view",
        context=context,
    )
    queryset = build_queryset(request)
    if not isinstance(queryset, QuerySet):  # ordering by a Python property sorts in memory
        raise RailError(
            _("Exports cannot be ordered by a computed property."), ErrorCode.INVALID_ORDERING
        )
    return queryset

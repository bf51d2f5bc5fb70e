"""GraphQL: the ``exportModel`` mutation, for clients that prefer GraphQL to REST.

::

    mutation {
      exportModel(appName: "store", modelName: "Product", fileExtension: "csv",
                  fields: ["name", "category.name"], variables: {isActive: true}) {
        jobId status statusUrl downloadUrl rows error
      }
    }

It takes the REST payload's keys in camelCase and always stores the file as a job the caller
owns: on the tasks package's backend it answers at once (``pending``; poll ``statusUrl``); with
no task backend the job runs inside the request and ``downloadUrl`` is ready in the answer.
``async: true`` insists on a background job (refused when no task backend runs jobs).
"""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.types import JSON
from rail_django.extensions.exporting.export_jobs import (
    ensure_async_available,
    job_status,
    start_job,
)
from rail_django.extensions.exporting.export_request import parse_spec
from rail_django.extensions.exporting.export_runner import prepare_export
from rail_django.extensions.exporting.export_settings import export_settings
from rail_django.extensions.exporting.models import ExportJob
from rail_django.extensions.exporting.schema_plan import PLUGIN


class ExportJobPayload(graphene.ObjectType):
    """An export job you started: poll ``statusUrl``; download from ``downloadUrl``."""

    job_id = graphene.ID(required=True)
    status = graphene.String(required=True, description="pending, running, succeeded or failed.")
    progress = graphene.Float(required=True, description="0 to 1.")
    rows = graphene.Int(required=True)
    status_url = graphene.String(required=True)
    download_url = graphene.String(description="Set once the file is ready.")
    error = graphene.String(description="Why the job failed, when it did.")


def _absolute(info: Any, url: str | None) -> str | None:
    request = info.context
    if url is None or not hasattr(request, "build_absolute_uri"):
        return url
    return request.build_absolute_uri(url)


def resolve_export_model(root: Any, info: Any, **arguments: Any) -> ExportJobPayload:
    user = getattr(info.context, "user", None)
    if user is None or not user.is_authenticated:
        raise RailError(_("Sign in to export."), ErrorCode.UNAUTHENTICATED)
    values = export_settings()
    keys = ("app_name", "model_name", "fields", "file_extension", "max_rows", "variables")
    payload = {
        key: arguments[key]
        for key in (*keys, "ordering", "template", "filename")
        if arguments.get(key) is not None
    }
    if arguments.get("run_async"):
        payload["async"] = True
    spec = parse_spec(payload, values)
    if spec.run_async:
        ensure_async_available(values)
    prepare_export(spec, user, context=info.context, values=values)  # refuse before queueing
    job = start_job(spec, user)
    status = job_status(ExportJob.objects.get(pk=job.pk))
    return ExportJobPayload(
        job_id=status["job_id"],
        status=status["status"],
        progress=status["progress"],
        rows=status["rows"],
        status_url=_absolute(info, status["status_url"]),
        download_url=_absolute(info, status["download_url"]),
        error=status["error"],
    )


def mutation_fields(context: Any) -> dict[str, Any]:
    values = export_settings()
    # Default-deny all the way: with nothing allow-listed the schema does not change at all.
    if not values["enabled"] or not values["models"] or context.schema_name != values["schema"]:
        return {}
    return {
        "export_model": graphene.Field(
            ExportJobPayload,
            app_name=graphene.String(),
            model_name=graphene.String(),
            fields=graphene.List(graphene.NonNull(JSON)),
            file_extension=graphene.String(description="csv or xlsx."),
            max_rows=graphene.Int(),
            variables=graphene.Argument(JSON, description="The list field's where input."),
            ordering=graphene.List(graphene.NonNull(graphene.String)),
            template=graphene.String(description="Run a template of RAIL_DJANGO_EXPORT."),
            filename=graphene.String(),
            run_async=graphene.Boolean(name="async"),
            resolver=resolve_export_model,
            description="Export a model's rows to CSV or XLSX as a job you own.",
        )
    }


def register_graphql_fields() -> None:
    plugin_registry.register(ContributionKind.MUTATION_FIELDS, mutation_fields, plugin=PLUGIN)

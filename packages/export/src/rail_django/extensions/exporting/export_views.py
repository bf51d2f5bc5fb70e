"""The REST endpoints of export, mounted by core through ``UrlPatternsProvider``.

- ``POST /api/v1/export/``: the file (CSV streamed, XLSX written in write-only mode), or ``202``
  with ``{job_id, status_url, download_url}`` when it runs as a job;
- ``GET /api/v1/export/jobs/<uuid>/``: a job's status (its owner only);
- ``GET /api/v1/export/jobs/<uuid>/download/``: its file (its owner only, until it expires);
- ``GET /api/v1/export/templates/``: the templates the user may run.

Authentication is the GraphQL endpoint's (session, JWT header or cookie) through core's
``authenticate_request``. Like the GraphQL view, the POST endpoint accepts only
``application/json`` bodies, which a cross-site form cannot send without a CORS preflight: that is
its CSRF protection for cookie authentication. Errors are ``{"errors": [{"message", "extensions":
{"code"}}]}`` with 400, 401, 403, 404, 405, 410, 415 or 429, never a 500 for bad input.
"""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from rail_django.contracts.audit import AuditEvent, AuditOutcome, record_audit_event
from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.core.errors import ErrorPolicy, request_error
from rail_django.core.http import (
    RateLimitUnavailable,
    authenticate_request,
    finish_response,
    hit,
    rate_limit_headers,
    refusal_response,
)
from rail_django.extensions.exporting.export_jobs import (
    async_available,
    delete_expired_file,
    ensure_async_available,
    job_status,
    start_job,
    write_file,
)
from rail_django.extensions.exporting.export_request import parse_spec
from rail_django.extensions.exporting.export_runner import PreparedExport, prepare_export
from rail_django.extensions.exporting.export_settings import export_settings
from rail_django.extensions.exporting.export_templates import templates_for
from rail_django.extensions.exporting.file_writers import content_type, csv_chunks
from rail_django.extensions.exporting.models import ExportJob

logger = logging.getLogger("rail_django.extensions.exporting")

STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.EXPORT_NOT_ALLOWED: 403,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.EXPORT_EXPIRED: 410,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.OPERATION_DISABLED: 404,
    ErrorCode.CONFLICT: 409,
}


def error_response(error: RailError, schema: str, status: int | None = None) -> HttpResponse:
    body = {"errors": [request_error(error.message, error.code, ErrorPolicy.for_schema(schema))]}
    response = JsonResponse(body, status=status or STATUS.get(error.code, 400))
    response["Cache-Control"] = "no-store"
    return response


def _authenticated(request: Any, schema: str) -> HttpResponse | None:
    refusal = authenticate_request(request, schema_name=schema)
    if refusal is not None:
        return refusal_response(refusal, schema_name=schema)
    return None


def _rate_limit(request: Any, values: Any) -> tuple[RailError | None, dict[str, str]]:
    limit = values["rate_limit_requests"]
    if not limit:
        return None, {}
    user = request.user
    key = f"user:{user.pk}" if getattr(user, "is_authenticated", False) else "anon"
    try:
        decision = hit(
            f"export:{key}", limit=limit, window_seconds=values["rate_limit_window_seconds"]
        )
    except RateLimitUnavailable:
        logger.warning("export rate limit not checked: the cache is unreachable")
        return None, {}
    headers = rate_limit_headers([decision])
    if decision.allowed:
        return None, headers
    return RailError(_("Too many exports; retry later."), ErrorCode.RATE_LIMITED), headers


def _audit(request: Any, action: str, outcome: AuditOutcome, **details: Any) -> None:
    user = getattr(request, "user", None)
    actor = user.pk if getattr(user, "is_authenticated", False) else None
    target = details.pop("target", None)
    record_audit_event(
        AuditEvent(action, outcome=outcome, actor_id=actor, target=target, details=details)
    )


def _read_payload(request: Any) -> Any:
    media = (request.content_type or "").split(";")[0].strip().lower()
    if media != "application/json":
        raise RailError(
            _("Send the export request as application/json."), ErrorCode.UNSUPPORTED_MEDIA_TYPE
        )
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise RailError(
            _("The request body is not valid JSON: %(reason)s") % {"reason": error},
            ErrorCode.BAD_REQUEST,
        ) from None


@csrf_exempt  # JSON bodies only (see the module docstring), as the GraphQL endpoint
def export_view(request: Any) -> HttpResponse:
    values = export_settings()
    schema = values["schema"]
    if not values["enabled"]:
        return error_response(
            RailError(_("Export is switched off."), ErrorCode.OPERATION_DISABLED), schema
        )
    if request.method != "POST":
        response = error_response(RailError(_("Use POST."), ErrorCode.METHOD_NOT_ALLOWED), schema)
        response["Allow"] = "POST"
        return response
    refused = _authenticated(request, schema)
    if refused is not None:
        return refused
    limited, headers = _rate_limit(request, values)
    try:
        if limited is not None:
            raise limited
        spec = parse_spec(_read_payload(request), values)
        if spec.run_async:
            ensure_async_available(values)
        prepared = prepare_export(spec, request.user, context=request, values=values)
    except RailError as error:
        _audit(request, "export.refused", AuditOutcome.DENIED, code=str(error.code))
        response = error_response(error, schema)
    else:
        threshold = values["async_threshold_rows"]
        big = bool(threshold) and prepared.row_count > threshold and async_available(values)
        if spec.run_async or big:
            response = _job_response(request, prepared)
        else:
            response = _file_response(prepared, values)
            _audit(
                request,
                "export.download",
                AuditOutcome.SUCCESS,
                target=prepared.model._meta.label,
                format=spec.file_extension,
                rows=prepared.row_count,
                fields=[c.accessor for c in prepared.columns],
            )
    for name, value in headers.items():
        response[name] = value
    return finish_response(request, response)


def _job_response(request: Any, prepared: PreparedExport) -> HttpResponse:
    job = start_job(prepared.spec, request.user)
    _audit(
        request,
        "export.job.created",
        AuditOutcome.SUCCESS,
        target=prepared.model._meta.label,
        job_id=str(job.pk),
        rows=prepared.row_count,
    )
    status = job_status(job)
    body = {k: status[k] for k in ("job_id", "status", "status_url")}
    body["download_url"] = request.build_absolute_uri(f"{status['status_url']}download/")
    body["status_url"] = request.build_absolute_uri(status["status_url"])
    response = JsonResponse(body, status=202)
    response["Location"] = body["status_url"]
    return response


def _file_response(prepared: PreparedExport, values: Any) -> HttpResponse:
    extension = prepared.spec.file_extension
    escape = prepared.spec.neutralize_formulas
    response: HttpResponse
    if extension == "csv":
        chunks = csv_chunks(prepared.columns, prepared.rows(), escape=escape)
        if values["stream_csv"]:
            response = StreamingHttpResponse(chunks, content_type=content_type("csv"))
        else:
            response = HttpResponse(b"".join(chunks), content_type=content_type("csv"))
    else:
        # Closed by FileResponse once sent: a context manager would close it too early.
        scratch = tempfile.TemporaryFile()  # noqa: SIM115
        write_file(prepared, scratch)
        scratch.seek(0)
        response = FileResponse(scratch, content_type=content_type("xlsx"))
    response["Content-Disposition"] = f'attachment; filename="{prepared.filename()}"'
    response["X-Export-Rows"] = str(prepared.row_count)
    response["X-Export-Truncated"] = "true" if prepared.truncated else "false"
    response["Cache-Control"] = "no-store"
    return response


def _owned_job(request: Any, job_id: str) -> ExportJob:
    """The job if the request's user owns it; anyone else is told it does not exist."""
    try:
        key = uuid.UUID(str(job_id))
    except ValueError:
        raise RailError(_("A job id is a UUID."), ErrorCode.INVALID_TASK_ID) from None
    user = request.user
    job = None
    if getattr(user, "is_authenticated", False):
        job = ExportJob.objects.filter(pk=key, owner_id=user.pk).first()
    if job is None:
        raise RailError(_("No such export job."), ErrorCode.NOT_FOUND)
    return job


def _get_only(view: Any) -> Any:
    def wrapped(request: Any, job_id: str | None = None) -> HttpResponse:
        schema = export_settings()["schema"]
        if request.method != "GET":
            response = error_response(
                RailError(_("Use GET."), ErrorCode.METHOD_NOT_ALLOWED), schema
            )
            response["Allow"] = "GET"
            return response
        refused = _authenticated(request, schema)
        if refused is not None:
            return refused
        try:
            response = view(request, job_id) if job_id is not None else view(request)
        except RailError as error:
            response = error_response(
                error, schema, 404 if error.code == ErrorCode.NOT_FOUND else None
            )
        return finish_response(request, response)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_get_only
def job_status_view(request: Any, job_id: str) -> HttpResponse:
    """A job's status document."""
    status = job_status(_owned_job(request, job_id))
    for key in ("status_url", "download_url"):
        if status[key]:
            status[key] = request.build_absolute_uri(status[key])
    response = JsonResponse(status)
    response["Cache-Control"] = "no-store"
    return response


@_get_only
def job_download_view(request: Any, job_id: str) -> HttpResponse:
    """A finished job's file; 410 once it expired (the file is deleted then)."""
    job = _owned_job(request, job_id)
    if job.status != "succeeded":
        raise RailError(
            _("This export job has no file yet (status: %(status)s).") % {"status": job.status},
            ErrorCode.CONFLICT,
        )
    if job.expired or not job.storage_path:
        delete_expired_file(job)
        raise RailError(_("This export's file has expired."), ErrorCode.EXPORT_EXPIRED)
    extension = job.storage_path.rsplit(".", 1)[-1]
    response = FileResponse(
        default_storage.open(job.storage_path, "rb"),
        content_type=content_type(extension),
        as_attachment=True,
        filename=job.file_name or f"export.{extension}",
    )
    response["Cache-Control"] = "no-store"
    record_audit_event(
        AuditEvent("export.job.download", actor_id=request.user.pk, details={"job_id": str(job.pk)})
    )
    return response


@_get_only
def templates_view(request: Any) -> HttpResponse:
    """The export templates this user may run."""
    return JsonResponse({"templates": templates_for(request.user, context=request)})


def url_patterns() -> list[Any]:
    # <str:...>, not <uuid:...>: a malformed id gets a 400 with a code, not Django's 404 page.
    return [
        path("api/v1/export/", export_view, name="rail_django_export"),
        path("api/v1/export/templates/", templates_view, name="rail_django_export_templates"),
        path("api/v1/export/jobs/<str:job_id>/", job_status_view, name="rail_django_export_job"),
        path(
            "api/v1/export/jobs/<str:job_id>/download/",
            job_download_view,
            name="rail_django_export_download",
        ),
    ]

"""The views of the schema management API (``/api/v1/``); each passes :mod:`.api_access`.

A rebuild acts on the process that serves it: in a deployment of several worker processes each
keeps its own built schemas (restart the workers, or let ``auto_refresh_on_migration`` act, to
refresh them all).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from rail_django.contracts.audit import AuditEvent, record_audit_event
from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.errors.error_reporting import ErrorContext, report_internal_error
from rail_django.core.http.response_json import dumps
from rail_django.core.registry import SchemaEntry, SchemaNotFound, schema_registry
from rail_django.core.schema_api.api_access import api_endpoint, error_response
from rail_django.core.schema_api.openapi_document import openapi_document
from rail_django.core.schema_api.schema_summaries import (
    graphql_schema,
    registered_operations,
    schema_detail,
    schema_sdl,
    schema_summary,
)

logger = logging.getLogger("rail_django.core.schema_api")


def _json(document: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(document), status=status, content_type="application/json")


def _build_failure(exc: Exception, name: str) -> str:
    """Log and report a schema that failed to build; the error id the client sees."""
    error_id = uuid.uuid4().hex
    logger.error("schema %r failed to build [errorId=%s]", name, error_id, exc_info=exc)
    report_internal_error(exc, error_id, ErrorContext(schema_name=name))
    return error_id


def _built(name: str, document: Callable[[], Any]) -> Any:
    """``document()`` or, when the schema fails to build, a JSON 500 with an error id."""
    try:
        return document()
    except Exception as exc:  # a broken model or plugin: the client gets an id, never a trace
        error_id = _build_failure(exc, name)
        return error_response(
            500,
            ErrorCode.INTERNAL_ERROR,
            gettext("The schema failed to build (error id %(id)s).") % {"id": error_id},
        )


def _entry_or_404(name: str) -> SchemaEntry | HttpResponse:
    entry = schema_registry.get(name)
    if entry is None:
        return error_response(
            404,
            ErrorCode.SCHEMA_NOT_FOUND,
            gettext("No GraphQL schema named %(name)s is served here.") % {"name": repr(name)},
        )
    return entry


@api_endpoint("GET")
def index_view(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/``: every documented endpoint (core's and the installed packages')."""
    endpoints = [
        {"method": method.upper(), "path": path, "summary": operation.get("summary", "")}
        for path, item in openapi_document()["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    return _json({"version": "v1", "openapi_url": "/api/v1/openapi.json", "endpoints": endpoints})


@api_endpoint("GET")
def openapi_view(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/openapi.json``: the OpenAPI 3.1 document."""
    return _json(openapi_document())


@api_endpoint("GET")
def schema_list_view(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/schemas/``: the enabled schemas (nothing is built)."""
    names = schema_registry.names()
    entries = [entry for entry in schema_registry.entries() if entry.name in names]
    return _json({"schemas": [schema_summary(entry) for entry in entries]})


@api_endpoint("GET")
def schema_detail_view(request: HttpRequest, name: str) -> HttpResponse:
    """``GET /api/v1/schemas/<name>/``: settings summary and counts (builds the schema)."""
    entry = _entry_or_404(name)
    if isinstance(entry, HttpResponse):
        return entry
    detail = _built(entry.name, lambda: schema_detail(entry))
    return detail if isinstance(detail, HttpResponse) else _json(detail)


@api_endpoint("GET")
def schema_sdl_view(request: HttpRequest, name: str) -> HttpResponse:
    """``GET /api/v1/schemas/<name>/sdl/``: the SDL as a download."""
    entry = _entry_or_404(name)
    if isinstance(entry, HttpResponse):
        return entry
    sdl = _built(entry.name, lambda: schema_sdl(entry.name))
    if isinstance(sdl, HttpResponse):
        return sdl
    response = HttpResponse(sdl + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{entry.name}.graphql"'
    return response


@api_endpoint("GET")
def schema_operations_view(request: HttpRequest, name: str) -> HttpResponse:
    """``GET /api/v1/schemas/<name>/operations/``: the operations registered for the schema."""
    entry = _entry_or_404(name)
    if isinstance(entry, HttpResponse):
        return entry
    listed = _built(entry.name, lambda: registered_operations(entry.name))
    return listed if isinstance(listed, HttpResponse) else _json(listed)


@api_endpoint("POST")
def schema_rebuild_view(request: HttpRequest, name: str) -> HttpResponse:
    """``POST /api/v1/schemas/<name>/rebuild/``: build the schema again in this process."""
    entry = _entry_or_404(name)
    if isinstance(entry, HttpResponse):
        return entry
    from rail_django.core.schema_builder import clear_build_caches

    started = time.perf_counter()
    schema_registry.invalidate([entry.name])
    # Resolved GraphQLMeta and meta.yaml files are cached across builds: re-read them too.
    clear_build_caches()
    detail = _built(entry.name, lambda: schema_detail(entry))
    if isinstance(detail, HttpResponse):
        return detail
    build_ms = round((time.perf_counter() - started) * 1000, 3)
    record_audit_event(
        AuditEvent(
            action="schema.rebuilt",
            actor_id=request.user.pk,
            target="rail_django.schema",
            target_id=entry.name,
            details={"build_ms": build_ms},
        )
    )
    return _json({**detail, "build_ms": build_ms})


@api_endpoint("GET")
def registry_health_view(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/health/``: builds every enabled schema; 503 when one fails."""
    reports = [_schema_health(name) for name in schema_registry.names()]
    failing = any(report["status"] == "fail" for report in reports)
    return _json(
        {"status": "fail" if failing else "pass", "schemas": reports}, 503 if failing else 200
    )


def _schema_health(name: str) -> dict[str, Any]:
    try:
        graphql_schema(name)
    except SchemaNotFound:  # disabled between names() and the build: not a failure
        return {"name": name, "status": "pass", "built": False, "message": ""}
    except Exception as exc:  # a schema that cannot build is what this endpoint reports
        error_id = _build_failure(exc, name)
        return {
            "name": name,
            "status": "fail",
            "built": False,
            "message": gettext("The schema failed to build (error id %(id)s).") % {"id": error_id},
        }
    return {"name": name, "status": "pass", "built": True, "message": ""}


@api_endpoint("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
def unknown_endpoint_view(request: HttpRequest, rest: str) -> HttpResponse:
    """Anything else under ``/api/v1/``: a JSON 404 (after the same gate), never an HTML page."""
    return error_response(
        404, ErrorCode.NOT_FOUND, gettext("There is no such endpoint under /api/v1/.")
    )


__all__ = [
    "index_view",
    "openapi_view",
    "registry_health_view",
    "schema_detail_view",
    "schema_list_view",
    "schema_rebuild_view",
    "schema_sdl_view",
    "unknown_endpoint_view",
]

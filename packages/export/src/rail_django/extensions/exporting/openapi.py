"""OpenAPI 3.1 path items of export's REST endpoints, for core's ``/api/v1/`` document.

:func:`openapi_paths` returns ``{"/api/v1/export/": {...}, ...}``: request bodies, the file and
job answers, and every error response with its ``RAIL_GQL_*`` codes.
"""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Errors"}  # core's shared error body
_FIELD = {
    "oneOf": [
        {
            "type": "string",
            "description": "A field or dotted relation path.",
            "example": "category.name",
        },
        {
            "type": "object",
            "required": ["accessor"],
            "properties": {"accessor": {"type": "string"}, "title": {"type": "string"}},
            "additionalProperties": False,
        },
    ]
}

EXPORT_REQUEST: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "app_name": {"type": "string", "example": "store"},
        "model_name": {"type": "string", "example": "Product"},
        "file_extension": {"type": "string", "enum": ["csv", "xlsx"]},
        "fields": {"type": "array", "items": _FIELD, "minItems": 1},
        "max_rows": {"type": "integer", "minimum": 1},
        "variables": {
            "type": "object",
            "description": "The list field's where input; {field: value} means equality.",
        },
        "ordering": {"type": "array", "items": {"type": "string"}, "example": ["-price"]},
        "async": {"type": "boolean", "default": False},
        "template": {"type": "string", "description": "A template of RAIL_DJANGO_EXPORT."},
        "filename": {"type": "string"},
    },
}

JOB = {
    "type": "object",
    "properties": {
        "job_id": {"type": "string", "format": "uuid"},
        "status": {
            "type": "string",
            "enum": ["pending", "running", "succeeded", "failed", "expired"],
        },
        "progress": {"type": "number", "minimum": 0, "maximum": 1},
        "rows": {"type": "integer"},
        "file_name": {"type": ["string", "null"]},
        "error": {"type": ["string", "null"]},
        "status_url": {"type": "string", "format": "uri"},
        "download_url": {"type": ["string", "null"], "format": "uri"},
        "expires_at": {"type": ["string", "null"], "format": "date-time"},
    },
}


def _error(description: str, codes: list[str]) -> dict[str, Any]:
    return {
        "description": f"{description} ({', '.join('RAIL_GQL_' + c for c in codes)})",
        "content": {"application/json": {"schema": _ERROR}},
    }


def _job_path() -> dict[str, Any]:
    return {
        "name": "job_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }


def openapi_paths() -> dict[str, Any]:
    """The path items (OpenAPI 3.1) of ``/api/v1/export/`` and its job endpoints."""
    unauthenticated = _error("Not signed in or refused credentials", ["UNAUTHENTICATED"])
    not_found = _error("Unknown job, or not yours", ["NOT_FOUND"])
    return {
        "/api/v1/export/": {
            "post": {
                "operationId": "exportModel",
                "summary": "Export a model's rows as CSV or XLSX",
                "tags": ["export"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": EXPORT_REQUEST}},
                },
                "responses": {
                    "200": {
                        "description": "The file (CSV is streamed).",
                        "headers": {
                            "Content-Disposition": {"schema": {"type": "string"}},
                            "X-Export-Rows": {"schema": {"type": "integer"}},
                            "X-Export-Truncated": {
                                "schema": {"type": "string", "enum": ["true", "false"]}
                            },
                        },
                        "content": {
                            "text/csv": {"schema": {"type": "string"}},
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                                "schema": {
                                    "type": "string",
                                    "contentMediaType": "application/octet-stream",
                                }
                            },
                        },
                    },
                    "202": {
                        "description": "Queued as a job.",
                        "content": {"application/json": {"schema": JOB}},
                    },
                    "400": _error(
                        "Malformed payload, unknown model, field or format, bad filter or ordering",
                        [
                            "BAD_REQUEST",
                            "INVALID_ARGUMENT",
                            "NOT_FOUND",
                            "INVALID_EXPORT_FIELD",
                            "UNSUPPORTED_EXPORT_FORMAT",
                            "INVALID_FILTER",
                            "INVALID_ORDERING",
                            "TOO_MANY_ROWS",
                            "ASYNC_EXPORT_UNAVAILABLE",
                        ],
                    ),
                    "401": unauthenticated,
                    "403": _error(
                        "Not allow-listed, or not permitted",
                        ["EXPORT_NOT_ALLOWED", "PERMISSION_DENIED"],
                    ),
                    "415": _error("The body is not application/json", ["UNSUPPORTED_MEDIA_TYPE"]),
                    "429": _error("Too many exports", ["RATE_LIMITED"]),
                },
            }
        },
        "/api/v1/export/templates/": {
            "get": {
                "operationId": "listExportTemplates",
                "summary": "The export templates you may run",
                "tags": ["export"],
                "responses": {
                    "200": {
                        "description": "Templates",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "401": unauthenticated,
                },
            }
        },
        "/api/v1/export/jobs/{job_id}/": {
            "get": {
                "operationId": "exportJobStatus",
                "summary": "An export job's status and progress",
                "tags": ["export"],
                "parameters": [_job_path()],
                "responses": {
                    "200": {
                        "description": "The job",
                        "content": {"application/json": {"schema": JOB}},
                    },
                    "400": _error("Not a UUID", ["INVALID_TASK_ID"]),
                    "401": unauthenticated,
                    "404": not_found,
                },
            }
        },
        "/api/v1/export/jobs/{job_id}/download/": {
            "get": {
                "operationId": "exportJobDownload",
                "summary": "A finished export job's file (its owner only)",
                "tags": ["export"],
                "parameters": [_job_path()],
                "responses": {
                    "200": {"description": "The file"},
                    "400": _error("Not a UUID", ["INVALID_TASK_ID"]),
                    "401": unauthenticated,
                    "404": not_found,
                    "409": _error("The job has not finished", ["CONFLICT"]),
                    "410": _error("The file expired", ["EXPORT_EXPIRED"]),
                },
            }
        },
    }

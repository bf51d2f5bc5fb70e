"""OpenAPI 3.1 path items of the templating endpoints, for core's OpenAPI document."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Errors"}  # core's shared error body
_ERRORS = {
    status: {"description": text, "content": {"application/json": {"schema": _ERROR}}}
    for status, text in {
        "400": "A bad request, or async jobs switched off (RAIL_GQL_OPERATION_DISABLED).",
        "401": "Not authenticated (RAIL_GQL_UNAUTHENTICATED).",
        "403": "No permission on the model or the template (RAIL_GQL_PERMISSION_DENIED).",
        "404": "Unknown template, or a row outside the user's scope (RAIL_GQL_NOT_FOUND).",
        "422": "A refused resource or a render past its limits (RAIL_GQL_PDF_*).",
        "429": "Rate limited (RAIL_GQL_RATE_LIMITED).",
    }.items()
}
# Every endpoint authenticates, is rate limited and answers its refusals with these.
_BINARY = {"type": "string", "format": "binary"}
_PDF = {"description": "The PDF.", "content": {"application/pdf": {"schema": _BINARY}}}


def _param(name: str, where: str = "path", schema: Any = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema or {"type": "string"},
    }


def openapi_paths() -> dict[str, Any]:
    """Path items keyed by URL template."""
    job = {
        "type": "object",
        "properties": {
            "job_id": {"type": "string"},
            "status_url": {"type": "string"},
            "download_url": {"type": "string"},
        },
    }
    return {
        "/api/templates/{template}/{pk}/": {
            "get": {
                "summary": "Render a PDF template for one row",
                "tags": ["templating"],
                "parameters": [
                    _param("template"),
                    _param("pk"),
                    _param("async", "query", {"type": "boolean"}),
                ],
                "responses": {
                    "200": _PDF,
                    "202": {
                        "description": "Queued (?async=true).",
                        "content": {"application/json": {"schema": job}},
                    },
                    **_ERRORS,
                },
            }
        },
        "/api/templates/catalog/": {
            "get": {
                "summary": "Templates the user may render",
                "tags": ["templating"],
                "responses": {
                    "200": {
                        "description": "The catalog.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    **_ERRORS,
                },
            }
        },
        "/api/templates/preview/{template}/{pk}/": {
            "get": {
                "summary": "The HTML of a template (enable_preview; 404 when off)",
                "tags": ["templating"],
                "parameters": [_param("template"), _param("pk")],
                "responses": {
                    "200": {"description": "HTML.", "content": {"text/html": {}}},
                    **_ERRORS,
                },
            }
        },
        "/api/templates/jobs/{job_id}/": {
            "get": {
                "summary": "Status of an async PDF job (owner only)",
                "tags": ["templating"],
                "parameters": [_param("job_id")],
                "responses": {
                    "200": {"description": "The status.", "content": {"application/json": {}}},
                    **_ERRORS,
                },
            }
        },
        "/api/templates/jobs/{job_id}/download/": {
            "get": {
                "summary": "Download an async job's PDF (owner only, until it expires)",
                "tags": ["templating"],
                "parameters": [_param("job_id")],
                "responses": {"200": _PDF, **_ERRORS},
            }
        },
    }

"""The OpenAPI description of ``GET /api/v1/tasks/<uuid>/``, for core's ``/api/v1/openapi.json``.

Registered as the contracts' ``ContributionKind.OPENAPI_PATHS`` from the app's ``ready()``;
the error answers refer to core's shared ``#/components/schemas/Errors``.
"""

from __future__ import annotations

from typing import Any

_ERRORS = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
_TIME = {"type": ["string", "null"], "format": "date-time"}

TASK_DOCUMENT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "status": {
            "type": "string",
            "enum": ["pending", "running", "succeeded", "failed", "cancelled"],
        },
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "progress_message": {"type": "string"},
        "result": {"description": "What the task returned (any JSON)."},
        "error": {"type": ["string", "null"]},
        "attempts": {"type": "integer", "minimum": 0},
        "created_at": _TIME,
        "started_at": _TIME,
        "finished_at": _TIME,
    },
    "required": [
        "id",
        "name",
        "status",
        "progress",
        "progress_message",
        "result",
        "error",
        "attempts",
        "created_at",
        "started_at",
        "finished_at",
    ],
}


def openapi_paths() -> dict[str, Any]:
    """``{"/api/v1/tasks/{task_id}/": {"get": ...}}``."""
    return {
        "/api/v1/tasks/{task_id}/": {
            "get": {
                "operationId": "getTask",
                "summary": "A background task's status, progress and result (yours, or any "
                "with rail_django_tasks.view_all_tasks).",
                "tags": ["tasks"],
                "parameters": [
                    {
                        "name": "task_id",
                        "in": "path",
                        "required": True,
                        "description": "The task's id (a UUID).",
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The task.",
                        "content": {"application/json": {"schema": TASK_DOCUMENT}},
                    },
                    "400": {"description": "The id is not a UUID.", "content": _ERRORS},
                    "401": {"description": "Credentials that may not be used.", "content": _ERRORS},
                    "404": {
                        "description": "No such task, or not yours (the same answer).",
                        "content": _ERRORS,
                    },
                },
            }
        }
    }

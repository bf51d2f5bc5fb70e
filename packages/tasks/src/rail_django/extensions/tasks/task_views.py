"""``GET /api/v1/tasks/<uuid>/``: a task's status for clients that poll over REST.

Authenticated like the GraphQL endpoint (JWT bearer or cookie, or the session) through core's
request authentication; the answer is the same document as ``task(id:)``. Errors are
``{"errors": [{"message", "extensions": {"code"}}]}`` with 400 (malformed id), 401 (refused
credentials) or 404 (unknown, or not yours).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.core.errors import ErrorPolicy, request_error
from rail_django.core.http import (
    authenticate_request,
    finish_response,
    refusal_response,
)
from rail_django.extensions.tasks.task_access import task_document, visible_task

SCHEMA = "gql"
_STATUS = {ErrorCode.INVALID_TASK_ID: 400, ErrorCode.NOT_FOUND: 404}


@require_GET
def task_status_view(request: Any, task_id: str) -> HttpResponse:
    refusal = authenticate_request(request, schema_name=SCHEMA)
    if refusal is not None:
        return refusal_response(refusal, schema_name=SCHEMA)
    try:
        record = visible_task(request.user, task_id)
    except RailError as error:
        body = {
            "errors": [request_error(error.message, error.code, ErrorPolicy.for_schema(SCHEMA))]
        }
        response: HttpResponse = JsonResponse(body, status=_STATUS.get(error.code, 400))
    else:
        response = JsonResponse(task_document(record))
    response["Cache-Control"] = "no-store"
    return finish_response(request, response)


def url_patterns() -> list[Any]:
    # <str:...>, not <uuid:...>: a malformed id gets a 400 with a code, not Django's 404 page.
    return [path("api/v1/tasks/<str:task_id>/", task_status_view, name="rail_django_task")]

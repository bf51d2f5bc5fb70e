"""The OpenAPI 3.1 document of Rail Django's REST endpoints (``GET /api/v1/openapi.json``).

Core describes its schema management API here; every other package describes its own endpoints
by registering an ``OpenApiPathsProvider`` (``ContributionKind.OPENAPI_PATHS`` in
``rail_django.contracts.plugins``) from its ``AppConfig.ready()``::

    plugin_registry.register(ContributionKind.OPENAPI_PATHS, openapi_paths, plugin=PLUGIN)

where ``openapi_paths()`` returns ``{"/api/v1/tasks/{task_id}/": {"get": {...}}}``. Path items
may refer to the shared components below (``#/components/schemas/Errors``...).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.__about__ import __version__

JSON = "application/json"
_ERRORS = {"$ref": "#/components/schemas/Errors"}
_SCHEMA_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "description": "The schema's name (``default`` is an alias of ``gql``).",
    "schema": {"type": "string", "minLength": 1},
}
_RATE_HEADERS = {
    name: {"schema": {"type": "string", "pattern": "^[0-9]+$"}, "description": text}
    for name, text in (
        ("X-RateLimit-Limit", "Requests allowed per window."),
        ("X-RateLimit-Remaining", "Requests left in the current window."),
        ("X-RateLimit-Reset", "When the window ends (epoch seconds)."),
    )
}


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description, "content": {JSON: {"schema": _ERRORS}}}
    if headers:
        answer["headers"] = headers
    return answer


#: The refusals every endpoint of the API may answer.
REFUSALS: dict[str, Any] = {
    "401": _error("No credentials, or credentials that may not be used."),
    "403": _error("The permissions of GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS are missing."),
    "405": _error("Another method than the documented ones."),
    "429": _error(
        "GRAPHQL_SCHEMA_API_RATE_LIMIT exceeded.",
        {
            "Retry-After": {
                "required": True,
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
                "description": "Seconds until the window ends.",
            }
        },
    ),
}


def _operation(
    operation_id: str,
    summary: str,
    ok: dict[str, Any],
    *,
    schema_path: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    responses = {"200": {**ok, "headers": _RATE_HEADERS}, **REFUSALS, **(extra or {})}
    if schema_path:
        responses["404"] = _error("No enabled schema has this name.")
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["schemas"],
        "responses": responses,
    }
    if schema_path:
        operation["parameters"] = [_SCHEMA_NAME]
    return operation


def _json(ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def core_paths() -> dict[str, Any]:
    """The path items of core's schema management API."""
    sdl = {
        "description": "The schema's SDL, as manage.py rail_export_schema prints it.",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }
    return {
        "/api/v1/": {
            "get": _operation("apiIndex", "The endpoints of this API.", _json("Index", "Index."))
        },
        "/api/v1/openapi.json": {
            "get": _operation(
                "openApiDocument",
                "This OpenAPI document.",
                {"description": "OpenAPI 3.1.", "content": {JSON: {"schema": {"type": "object"}}}},
            )
        },
        "/api/v1/schemas/": {
            "get": _operation(
                "listSchemas", "The enabled schemas.", _json("SchemaList", "Schemas.")
            )
        },
        "/api/v1/schemas/{name}/": {
            "get": _operation(
                "getSchema",
                "One schema: settings summary, type and field counts (builds it if needed).",
                _json("SchemaDetail", "The schema."),
                schema_path=True,
            )
        },
        "/api/v1/schemas/{name}/sdl/": {
            "get": _operation("getSchemaSdl", "Download the schema's SDL.", sdl, schema_path=True)
        },
        "/api/v1/schemas/{name}/operations/": {
            "get": _operation(
                "listRegisteredOperations",
                "The operations registered for the schema (persisted_operations.allowlist_path), "
                "with whether it runs only those (allowlist_only).",
                _json("RegisteredOperations", "The registered operations."),
                schema_path=True,
            )
        },
        "/api/v1/schemas/{name}/rebuild/": {
            "post": _operation(
                "rebuildSchema",
                "Drop this process's built schema and build it again from the current models, "
                "settings and plugins.",
                _json("RebuiltSchema", "The rebuilt schema."),
                schema_path=True,
            )
        },
        "/api/v1/health/": {
            "get": _operation(
                "registryHealth",
                "Whether every enabled schema builds.",
                _json("RegistryHealth", "Every schema builds."),
                extra={"503": _json("RegistryHealth", "At least one schema fails to build.")},
            )
        },
    }


def openapi_document() -> dict[str, Any]:
    """The whole document: core's paths, then each contributed provider's, in plugin order."""
    from rail_django.core.schema_api.openapi_components import COMPONENTS

    paths = core_paths()
    for contribution in plugin_registry.contributions(ContributionKind.OPENAPI_PATHS):
        for path, item in contribution.value().items():
            if path in paths:
                raise ImproperlyConfigured(
                    f"{contribution.plugin} describes {path}, which is already described."
                )
            paths[path] = item
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Rail Django REST API",
            "version": __version__,
            "description": "Schema management (core) and the REST endpoints of installed "
            'Rail Django packages. Errors are {"errors": [{"message", "extensions": '
            '{"code"}}]} with a stable RAIL_GQL_* code.',
        },
        "paths": paths,
        "components": COMPONENTS,
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
    }

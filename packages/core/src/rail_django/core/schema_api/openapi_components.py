"""The ``components`` of the OpenAPI document: the shapes the API answers with.

``Errors`` is shared: every package's contributed paths may refer to
``#/components/schemas/Errors`` for their error answers.
"""

from __future__ import annotations

from typing import Any


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
    }


_STRING = {"type": "string"}
_BOOLEAN = {"type": "boolean"}
_COUNT = {"type": "integer", "minimum": 0}
_SETTING = {"type": ["boolean", "integer", "string", "null"]}

_SCHEMA_SUMMARY = _object(
    {
        "name": _STRING,
        "description": _STRING,
        "source": {"type": "string", "enum": ["code", "discovered", "settings", "default"]},
        "built": _BOOLEAN,
        "graphql_url": _STRING,
        "detail_url": _STRING,
    }
)

_COUNTS = _object(
    {
        key: _COUNT
        for key in (
            "types",
            "object_types",
            "input_types",
            "interfaces",
            "unions",
            "enums",
            "scalars",
            "fields",
            "query_fields",
            "mutation_fields",
            "subscription_fields",
        )
    }
)

_SCHEMA_DETAIL = {
    "allOf": [
        {"$ref": "#/components/schemas/SchemaSummary"},
        _object(
            {
                "settings": {
                    "type": "object",
                    "description": "The main switches of the schema's merged settings, by "
                    "section (never secrets).",
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": _SETTING,
                    },
                },
                "counts": {"$ref": "#/components/schemas/SchemaCounts"},
                "sdl_url": _STRING,
                "rebuild_url": _STRING,
            }
        ),
    ]
}

COMPONENTS: dict[str, Any] = {
    "securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        "cookieAuth": {
            "type": "apiKey",
            "in": "cookie",
            "name": "rail_access",
            "description": "JWT cookie mode (JWT_ALLOW_COOKIE_AUTH; the cookie is "
            "JWT_AUTH_COOKIE): unsafe methods also need the CSRF token in X-CSRFToken.",
        },
    },
    "schemas": {
        "Errors": _object(
            {
                "errors": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        {
                            "message": _STRING,
                            "extensions": {
                                **_object({"code": {"type": "string", "pattern": "^[A-Z0-9_]+$"}}),
                                "additionalProperties": True,
                            },
                        }
                    ),
                }
            }
        ),
        "Index": _object(
            {
                "version": {"const": "v1"},
                "openapi_url": _STRING,
                "endpoints": {
                    "type": "array",
                    "items": _object(
                        {
                            "method": {
                                "type": "string",
                                "enum": ["GET", "POST", "PUT", "PATCH", "DELETE"],
                            },
                            "path": _STRING,
                            "summary": _STRING,
                        }
                    ),
                },
            }
        ),
        "SchemaSummary": _SCHEMA_SUMMARY,
        "SchemaList": _object(
            {"schemas": {"type": "array", "items": {"$ref": "#/components/schemas/SchemaSummary"}}}
        ),
        "SchemaCounts": _COUNTS,
        "RegisteredOperations": _object(
            {
                "schema": _STRING,
                "allowlist_only": _BOOLEAN,
                "operations": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": _STRING,
                            "name": {"type": ["string", "null"]},
                            "type": _STRING,
                            "body": _STRING,
                        }
                    ),
                },
            }
        ),
        "SchemaDetail": _SCHEMA_DETAIL,
        "RebuiltSchema": {
            "allOf": [
                {"$ref": "#/components/schemas/SchemaDetail"},
                _object({"build_ms": {"type": "number", "minimum": 0}}),
            ]
        },
        "RegistryHealth": _object(
            {
                "status": {"type": "string", "enum": ["pass", "fail"]},
                "schemas": {
                    "type": "array",
                    "items": _object(
                        {
                            "name": _STRING,
                            "status": {"type": "string", "enum": ["pass", "fail"]},
                            "built": _BOOLEAN,
                            "message": _STRING,
                        }
                    ),
                },
            }
        ),
    },
}

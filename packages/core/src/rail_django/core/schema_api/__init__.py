"""The schema management REST API: ``/api/v1/`` (guide §4 "Schema Management API").

- ``GET /api/v1/``: the endpoints (core's and those installed packages describe);
- ``GET /api/v1/openapi.json``: the OpenAPI 3.1 document (:mod:`.openapi_document`);
- ``GET /api/v1/schemas/`` and ``GET /api/v1/schemas/<name>/``: the schemas, one schema's
  settings summary and type / field counts;
- ``GET /api/v1/schemas/<name>/sdl/``: the SDL download;
- ``POST /api/v1/schemas/<name>/rebuild/``: build one schema again;
- ``GET /api/v1/health/``: whether every enabled schema builds (200 / 503).

Every endpoint needs an authenticated caller holding ``GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS``
and counts against ``GRAPHQL_SCHEMA_API_RATE_LIMIT`` (:mod:`.api_access`). Other packages add
their REST endpoints to the document with ``ContributionKind.OPENAPI_PATHS``.
"""

from rail_django.core.schema_api.openapi_document import core_paths, openapi_document
from rail_django.core.schema_api.schema_api_urls import schema_api_urls

__all__ = ["core_paths", "openapi_document", "schema_api_urls"]

"""The URL patterns of the schema management API, included by ``rail_django.core.urls``."""

from __future__ import annotations

from typing import Any

from django.urls import path

from rail_django.core.schema_api import api_views


def schema_api_urls() -> list[Any]:
    """The API's patterns (``api/v1/...``), without the catch-all 404 (:func:`fallback_urls`)."""
    return [
        path("api/v1/", api_views.index_view, name="rail_django_api_index"),
        path("api/v1/openapi.json", api_views.openapi_view, name="rail_django_api_openapi"),
        path("api/v1/health/", api_views.registry_health_view, name="rail_django_api_health"),
        path("api/v1/schemas/", api_views.schema_list_view, name="rail_django_api_schemas"),
        # <str:...> takes any name, so an unknown one gets the API's JSON 404 with its code.
        path(
            "api/v1/schemas/<str:name>/",
            api_views.schema_detail_view,
            name="rail_django_api_schema",
        ),
        path(
            "api/v1/schemas/<str:name>/sdl/",
            api_views.schema_sdl_view,
            name="rail_django_api_schema_sdl",
        ),
        path(
            "api/v1/schemas/<str:name>/operations/",
            api_views.schema_operations_view,
            name="rail_django_api_schema_operations",
        ),
        path(
            "api/v1/schemas/<str:name>/rebuild/",
            api_views.schema_rebuild_view,
            name="rail_django_api_schema_rebuild",
        ),
    ]


def fallback_urls() -> list[Any]:
    """Any other ``api/v1/...`` path: a JSON 404. Goes last, after the extensions' patterns."""
    return [path("api/v1/<path:rest>", api_views.unknown_endpoint_view)]

"""Rail Django's URLs: ``include("rail_django.core.urls")`` at the root of a project's URLconf.

- ``graphql/`` serves the default schema ``gql``;
- ``graphql/<schema>/`` serves each registered schema (``graphql/gql/`` too; ``graphql/default/``
  is the alias of ``gql``);
- ``api/v1/...``: the schema management REST API (:mod:`rail_django.core.schema_api`);
- URL patterns contributed by installed extensions (``ContributionKind.URL_PATTERNS``);
- any other ``api/v1/...`` path answers a JSON 404 (``RAIL_GQL_NOT_FOUND``), never a page.

Schema names are looked up per request, so schemas registered after this module is imported are
served; an unknown name answers 404 with the code ``RAIL_GQL_SCHEMA_NOT_FOUND``.
"""

from __future__ import annotations

from django.urls import path

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.http import GraphQLView
from rail_django.core.schema_api.schema_api_urls import fallback_urls, schema_api_urls


def _plugin_patterns() -> list[object]:
    patterns: list[object] = []
    for provider in plugin_registry.values(ContributionKind.URL_PATTERNS):
        patterns.extend(provider())
    return patterns


urlpatterns = [
    path("graphql/", GraphQLView.as_view(), name="rail_django_graphql"),
    # Extensions' URLs come before the schema pattern so "graphql/<something>/" of a plugin is
    # not taken for a schema name.
    *_plugin_patterns(),
    path("graphql/<str:schema_name>/", GraphQLView.as_view(), name="rail_django_graphql_schema"),
    *schema_api_urls(),
    *fallback_urls(),
]

"""URL routing: the Django admin (where demo users log in) and Rail Django's GraphQL endpoints.

``rail_django.core.urls`` serves ``/graphql/`` (the default schema, GraphiQL in a browser) and
``/graphql/<schema>/`` for every schema in ``RAIL_DJANGO_GRAPHQL_SCHEMAS``.
"""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("rail_django.core.urls")),
]

"""URL routing: the Django admin (where demo users sign in) and Rail Django's GraphQL endpoints.

``rail_django.core.urls`` serves ``/graphql/`` (the default schema, GraphiQL in a browser) and
``/graphql/<schema>/`` for every schema in ``RAIL_DJANGO_GRAPHQL_SCHEMAS``.
"""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # The demo's front door is GraphiQL.
    path("", RedirectView.as_view(url="/graphql/", permanent=False)),
    path("admin/", admin.site.urls),
    path("", include("rail_django.core.urls")),
]

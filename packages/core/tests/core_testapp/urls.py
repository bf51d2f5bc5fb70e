"""The URLconf of the test run: Rail Django's URLs at the root, as a user mounts them."""

from django.urls import include, path

urlpatterns = [
    path("", include("rail_django.core.urls")),
]

from django.urls import include, path

urlpatterns = [path("", include("rail_django.core.urls"))]

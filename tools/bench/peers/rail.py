"""Rail Django: the generated schema, served by core's view (filters from rail-django-filtering)."""

from django.urls import include, path

NAME = "Rail Django"
URL = "/rail/graphql/"

QUERIES = {
    "flat": "{ products(limit: 100) { id name sku price } }",
    "nested": (
        "{ customers(limit: 20) { id name "
        "orders { id reference items { id quantity unitPrice } } } }"
    ),
    "filtered": (
        "{ products(where: {isActive: {eq: true}, price: {gt: 20}, categoryRel: {name: {eq: "
        '"Category 3"}}}, orderBy: ["-price", "id"], offset: 2, limit: 20) '
        "{ id name price category { name } } }"
    ),
}

urlpatterns = [path("rail/", include("rail_django.core.urls"))]

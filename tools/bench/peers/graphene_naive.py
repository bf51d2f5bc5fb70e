"""graphene-django, written the naive way: root querysets sliced, relations resolved lazily."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphene_django import DjangoObjectType
from graphene_django.views import GraphQLView

from peers.graphene_schema import QUERIES, build

NAME = "graphene-django (naive)"
URL = "/graphene/"


def _slice(queryset, info, offset, limit):
    return queryset[offset : offset + limit]


schema = build(DjangoObjectType, _slice, "Naive")
urlpatterns = [path("graphene/", csrf_exempt(GraphQLView.as_view(schema=schema)))]
__all__ = ["NAME", "QUERIES", "URL", "urlpatterns"]

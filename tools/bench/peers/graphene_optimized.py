"""graphene-django with graphene-django-query-optimizer (``optimize()`` on each root queryset)."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from query_optimizer import DjangoObjectType, optimize

from peers.graphene_schema import QUERIES, build

NAME = "graphene-django + query-optimizer"
URL = "/graphene-optimized/"


def _optimize(queryset, info, offset, limit):
    return optimize(queryset[offset : offset + limit], info)


schema = build(DjangoObjectType, _optimize, "Optimized")
urlpatterns = [path("graphene-optimized/", csrf_exempt(GraphQLView.as_view(schema=schema)))]
__all__ = ["NAME", "QUERIES", "URL", "urlpatterns"]

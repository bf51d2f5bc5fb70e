"""The queryset pipeline runs scope, filter, order and page steps in phase order, for real."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from rail_django.contracts.permissions import PermissionScopeStep
from rail_django.contracts.queryset_pipeline import (
    Phase,
    QueryRequest,
    QuerysetPipeline,
    build_queryset,
    queryset_pipeline,
)

pytestmark = pytest.mark.django_db


class NameStartsWith:
    name = "name_starts_with"

    def apply(self, queryset, request):
        prefix = (request.where or {}).get("prefix")
        return queryset.filter(name__startswith=prefix) if prefix else queryset


class OrderBy:
    name = "order_by"

    def apply(self, queryset, request):
        return queryset.order_by(*request.order_by) if request.order_by else queryset


class Window:
    name = "window"

    def apply(self, queryset, request):
        start = request.offset or 0
        return queryset[start : start + request.limit] if request.limit else queryset


@pytest.fixture
def groups():
    for name in ["beta", "alpha", "bravo", "charlie", "bob"]:
        Group.objects.create(name=name)


def test_steps_run_in_phase_order_whatever_the_registration_order(groups):
    pipeline = QuerysetPipeline()
    pipeline.register(Window(), Phase.PAGINATE)
    pipeline.register(OrderBy(), Phase.ORDER)
    pipeline.register(NameStartsWith(), Phase.FILTER)
    assert [s.name for s in pipeline.steps()] == ["name_starts_with", "order_by", "window"]

    request = QueryRequest(
        model=Group, where={"prefix": "b"}, order_by=["-name"], offset=1, limit=2
    )
    names = [g.name for g in pipeline.run(request)]
    assert names == ["bob", "beta"]  # b* = bravo, bob, beta; skip bravo; take two


def test_registering_a_name_again_replaces_the_step(groups):
    pipeline = QuerysetPipeline()
    pipeline.register(OrderBy(), Phase.ORDER)

    class Reverse(OrderBy):
        def apply(self, queryset, request):
            return queryset.order_by("-name")

    pipeline.register(Reverse(), Phase.ORDER)
    assert len(pipeline.steps()) == 1
    assert pipeline.run(QueryRequest(model=Group)).first().name == "charlie"


def test_pipeline_starts_from_a_given_queryset(groups):
    pipeline = QuerysetPipeline()
    pipeline.register(OrderBy(), Phase.ORDER)
    qs = Group.objects.filter(name__in=["alpha", "bob"])
    result = pipeline.run(QueryRequest(model=Group, order_by=["name"]), qs)
    assert [g.name for g in result] == ["alpha", "bob"]


def test_process_pipeline_has_the_permission_scope_step_first():
    steps = queryset_pipeline.steps()
    assert isinstance(steps[0], PermissionScopeStep)


def test_build_queryset_uses_the_active_permission_backend(groups, fresh_slots):
    from rail_django.contracts.permissions import DjangoModelPermissionBackend, permission_backend

    class OnlyAlpha(DjangoModelPermissionBackend):
        def scope_queryset(self, user, queryset, operation="view", **kwargs):
            return queryset.filter(name="alpha")

    permission_backend.install(OnlyAlpha(), owner="tests")
    try:
        assert [g.name for g in build_queryset(QueryRequest(model=Group))] == ["alpha"]
    finally:
        permission_backend.reset()
    assert build_queryset(QueryRequest(model=Group)).count() == 5


def test_a_step_does_not_evaluate_the_queryset(groups, django_assert_num_queries):
    with django_assert_num_queries(0):
        build_queryset(QueryRequest(model=Group, order_by=["name"], offset=1, limit=2))

"""The optimizer's two halves on their own: reading a selection into a plan, and applying a
plan to a queryset."""

from __future__ import annotations

import pytest
from core_testapp.models import Category, Product, Tag
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from rail_django.contracts.queryset_pipeline import QueryRequest
from rail_django.core.optimizer import QueryPlan, RelationPlan
from rail_django.core.optimizer.model_index import model_index
from rail_django.core.optimizer.plan_applier import apply_plan
from rail_django.core.optimizer.plans import ListWindow
from rail_django.core.optimizer.selection_reader import PlanShape, SelectionReader
from rail_django.core.schema_builder import build_schema

PERFORMANCE = {
    "enable_query_optimization": True,
    "enable_select_related": True,
    "enable_prefetch_related": True,
    "enable_only_fields": True,
    "enable_defer_fields": False,
}


def read(document: str, variables: dict | None = None) -> tuple[QueryPlan, set[str]]:
    schema = build_schema("gql")
    parsed = parse(document)
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    (root,) = operation.selection_set.selections
    build = schema.build_context
    reader = SelectionReader(
        model_index(build),
        schema.graphql_schema,
        fragments,
        variables or {},
        build.settings["query_settings"],
    )
    return_type = schema.graphql_schema.query_type.fields[root.name.value].type
    plan = reader.read(Product, [root], PlanShape.ROWS, return_type)
    return plan, reader.used_variables


def test_reader_follows_fragments_aliases_and_directives():
    plan, used = read(
        """query($x: Boolean!, $n: Int) { products { name ...F
              t: tags(limit: $n, orderBy: ["-name"]) @include(if: $x) { name } } }
           fragment F on Product { price ... on Product { category { name } } }""",
        {"x": True, "n": 3},
    )
    assert plan.columns == {"name", "price", "category"}
    by_key = {r.response_key: r for r in plan.relations.values()}
    assert set(by_key) == {"category", "t"}
    assert by_key["category"].many is False and by_key["category"].plan.columns == {"name"}
    assert by_key["t"].window == ListWindow(order_by=("-name",), offset=0, limit=3)
    assert used == {"x", "n"}
    skipped, _ = read(
        "query($x: Boolean!) { products { tags @include(if: $x) { name } } }", {"x": False}
    )
    assert skipped.relations == {} and skipped.columns == frozenset()


def test_reader_adds_the_keys_joins_need():
    plan, _ = read("{ products { orderItems { quantity } } }")
    (items,) = plan.relations.values()
    assert items.plan.columns == {"quantity", "product"}  # the reverse foreign key


def no_scoping(model):
    return False


@pytest.mark.django_db
def test_applier_turns_a_plan_into_joins_prefetches_and_columns():
    plan = QueryPlan(
        model=Product,
        columns=frozenset({"name", "category"}),
        relations={
            "_rail_c": RelationPlan(
                "category",
                "category",
                Category,
                False,
                QueryPlan(Category, frozenset({"slug"})),
                attribute="_rail_c",
            ),
            "_rail_t": RelationPlan(
                "tags",
                "tags",
                Tag,
                True,
                QueryPlan(Tag, frozenset({"name"})),
                window=ListWindow(limit=2),
                attribute="_rail_t",
            ),
        },
    )
    request = QueryRequest(model=Product, schema_name="gql")
    queryset = apply_plan(Product.objects.all(), plan, request, PERFORMANCE, no_scoping)
    assert queryset.query.select_related == {"category": {}}
    (prefetch,) = queryset._prefetch_related_lookups
    assert prefetch.prefetch_through == "tags" and prefetch.to_attr == "_rail_t"
    assert prefetch.queryset.query.is_sliced  # the page window, applied per parent
    loaded, _ = queryset.query.deferred_loading
    assert set(loaded) == {"name", "category", "category__slug"}


@pytest.mark.django_db
def test_applier_prefetches_scoped_hops_and_honours_switches():
    plan = QueryPlan(
        model=Product,
        columns=frozenset({"category"}),
        relations={
            "_rail_c": RelationPlan(
                "category", "category", Category, False, QueryPlan(Category), attribute="_rail_c"
            )
        },
    )
    request = QueryRequest(model=Product, schema_name="gql")
    scoped = apply_plan(Product.objects.all(), plan, request, PERFORMANCE, lambda m: True)
    assert scoped.query.select_related is False
    assert [p.to_attr for p in scoped._prefetch_related_lookups] == ["_rail_c"]
    off = {**PERFORMANCE, "enable_query_optimization": False}
    untouched = apply_plan(Product.objects.all(), plan, request, off, no_scoping)
    assert untouched.query.select_related is False and not untouched._prefetch_related_lookups
    no_join = {**PERFORMANCE, "enable_select_related": False, "enable_only_fields": False}
    plain = apply_plan(Product.objects.all(), plan, request, no_join, no_scoping)
    assert plain.query.select_related is False and plain.query.deferred_loading[0] == frozenset()

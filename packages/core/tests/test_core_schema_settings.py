"""Schema-level settings: which models and fields, two schemas, allowlists, extensions, plugins."""

from __future__ import annotations

import graphene
import pytest
from core_query_client import codes, ok, run, user_with
from core_store_data import make_store
from graphql import GraphQLError, ValidationRule

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.registry import schema_registry
from rail_django.core.schema_builder import build_schema

pytestmark = pytest.mark.django_db

PLUGIN = "core-tests"


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


@pytest.fixture
def plugins():
    yield plugin_registry
    plugin_registry.unregister_plugin(PLUGIN)
    schema_registry.clear()


def type_block(sdl: str, name: str) -> str:
    return sdl.split(f"type {name} {{")[1].split("}")[0]


def test_excluded_apps_and_models(settings):
    sdl = str(build_schema("gql"))
    assert "type User {" in sdl and "type FieldZoo {" in sdl
    assert "type Session" not in sdl and "type ContentType" not in sdl  # never exposed
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {
            "excluded_apps": ["auth"],
            "excluded_models": ["core_testapp.FieldZoo", "Coupon"],
        }
    }
    sdl = str(build_schema("gql"))
    assert "type User {" not in sdl and "type FieldZoo {" not in sdl and "type Coupon {" not in sdl
    # Relations to excluded models disappear with them.
    assert "user:" not in type_block(sdl, "Customer")


def test_exclude_and_include_fields(settings, admin):
    make_store()
    settings.RAIL_DJANGO_GRAPHQL = {
        "type_generation_settings": {
            "exclude_fields": {"core_testapp.Customer": ["salary"]},
            "excluded_fields": {"Order": ["notes"]},
            "include_fields": {"core_testapp.Tag": ["name"]},
        }
    }
    sdl = str(build_schema("gql"))
    assert "salary" not in type_block(sdl, "Customer")
    assert "notes" not in type_block(sdl, "Order")
    assert type_block(sdl, "Tag").split() == ["id:", "ID!", "name:", "String!"]
    answer = run("{ customers { salary } }", user=admin)
    assert "Cannot query field 'salary'" in answer["errors"][0]["message"]


def test_graphql_meta_field_rules():
    product = type_block(str(build_schema("gql")), "Product")
    assert "costPrice" not in product and "supplierNotes" not in product
    assert "sku: String!" in product  # read_only still reads


TWO_SCHEMAS = {
    "gql": {},
    "public": {
        "schema_settings": {"authentication_required": False},
        "query_settings": {
            "require_model_permissions": False,
            "max_page_size": 2,
            "default_page_size": 1,
        },
        "models": ["core_testapp.Product", "core_testapp.Category"],
    },
}


def test_two_schemas_answer_with_their_own_settings(settings, admin):
    make_store()
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = TWO_SCHEMAS
    assert codes(run("{ products { name } }")) == ["RAIL_GQL_UNAUTHENTICATED"]
    assert ok(run("{ products { name } }", schema="public")) == {"products": [{"name": "Pixel"}]}
    answer = run("{ products(limit: 3) { name } }", schema="public")
    assert codes(answer) == ["RAIL_GQL_INVALID_PAGINATION"]
    assert len(ok(run("{ products(limit: 3) { name } }", user=admin))["products"]) == 3
    assert (
        "Cannot query field 'tags'"
        in run("{ tags { name } }", schema="public")["errors"][0]["message"]
    )
    public = str(build_schema("public"))
    assert "type Tag " not in public and "tags:" not in type_block(public, "Product")


def test_query_and_mutation_extensions(settings, admin):
    off = {"generate_create": False, "generate_update": False, "generate_delete": False}
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": off}
    sdl = str(build_schema("gql"))
    assert "createProduct" not in sdl and "deleteTag" not in sdl  # generation is off
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {
            "query_extensions": ["core_testapp.graphql_extensions.HelloQuery"],
            "mutation_extensions": ["core_testapp.graphql_extensions.PingMutation"],
        }
    }
    assert ok(run('{ hello(name: "Rail") tags { name } }', user=admin)) == {
        "hello": "Hello Rail",
        "tags": [],
    }
    assert ok(run("mutation { ping }", user=admin)) == {"ping": "pong"}


def test_root_field_allowlists(settings, admin):
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {
            "query_extensions": ["core_testapp.graphql_extensions.HelloQuery"],
            "mutation_extensions": ["core_testapp.graphql_extensions.PingMutation"],
            "query_field_allowlist": ["hello", "orderItems"],
            "mutation_field_allowlist": [],
        }
    }
    sdl = str(build_schema("gql"))
    query = type_block(sdl, "Query")
    assert "hello" in query and "orderItems" in query and "products" not in query
    assert "type Mutation" not in sdl
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"query_field_allowlist": ["noSuchField"]}}
    sdl = str(build_schema("gql"))
    assert type_block(sdl, "Query").split()[-2:] == ["_empty:", "Boolean"]


class InStockArgument:
    """A plugin list argument: ``onlyActive: Boolean`` on products only."""

    name = "only_active"

    def build(self, context, model):
        if model.__name__ != "Product":
            return None
        assert context.field_name("is_active") == "isActive"
        assert "cost_price" not in context.exposed_fields(model)
        return graphene.Boolean()

    def apply(self, queryset, value, request):
        return queryset.filter(is_active=True) if value else queryset


class NoHelloRule(ValidationRule):
    def enter_field(self, node, *args):
        if node.name.value == "tags":
            self.report_error(GraphQLError("tags are off today", node))


def test_plugin_list_arguments_root_fields_rules_and_guards(plugins, admin):
    make_store()

    def root_fields(context):
        product_type = context.object_type(
            next(m for m in context.models if m.__name__ == "Product")
        )
        return {"newest_product": graphene.Field(product_type, resolver=lambda root, info: None)}

    def mutation_fields(context):
        return {"noop": graphene.Boolean(resolver=lambda root, info: True)}

    def shout_names(context, model, field_name):
        if model.__name__ == "Category" and field_name == "name":
            return lambda root, info, value: value.upper()
        return None

    plugins.register(ContributionKind.LIST_ARGUMENTS, InStockArgument(), plugin=PLUGIN)
    plugins.register(ContributionKind.QUERY_FIELDS, root_fields, plugin=PLUGIN)
    plugins.register(ContributionKind.MUTATION_FIELDS, mutation_fields, plugin=PLUGIN)
    plugins.register(
        ContributionKind.VALIDATION_RULES, lambda context: [NoHelloRule], plugin=PLUGIN
    )
    plugins.register(ContributionKind.FIELD_GUARDS, shout_names, plugin=PLUGIN)
    schema_registry.clear()

    schema = build_schema("gql")
    assert schema.validation_rules == (NoHelloRule,)
    assert "onlyActive" not in str(schema).split("categories(")[1].split(")")[0]
    data = ok(
        run(
            '{ products(onlyActive: true, orderBy: ["name"]) { name category { name } } }',
            user=admin,
        )
    )
    assert [p["name"] for p in data["products"]] == ["Atlas", "Moby Dick", "Pixel"]
    assert data["products"][0]["category"] == {"name": "BOOKS"}
    assert ok(run("{ newestProduct { name } }", user=admin)) == {"newestProduct": None}
    assert ok(run("mutation { noop }", user=admin)) == {"noop": True}
    assert run("{ tags { name } }", user=admin)["errors"][0]["message"] == "tags are off today"

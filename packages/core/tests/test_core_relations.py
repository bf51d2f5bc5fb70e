"""Relations (FK, one-to-one, M2M, reverse), cycles, inheritance, and no leaks through them."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run, user_with
from core_store_data import make_store
from core_testapp.models import ActiveProduct, Department, Employee, Place, Restaurant

from rail_django.contracts.permissions import DjangoModelPermissionBackend, permission_backend
from rail_django.core.schema_builder import build_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


def test_forward_reverse_and_many_to_many(admin):
    store = make_store()
    data = ok(
        run(
            """query($id: ID!) { product(id: $id) {
                name category { name products { name } } tags { name }
                orderItems { quantity order { customer { name } } } } }""",
            user=admin,
            variables={"id": str(store.Pixel.pk)},
        )
    )["product"]
    assert data["category"]["name"] == "Phones"
    assert sorted(p["name"] for p in data["category"]["products"]) == ["Nokia", "Pixel"]
    assert sorted(t["name"] for t in data["tags"]) == ["new", "sale"]
    assert data["orderItems"] == [{"quantity": 1, "order": {"customer": {"name": "Ada"}}}]
    tag = ok(run("{ tags { name products { name } } }", user=admin))["tags"]
    assert {"name": "sale", "products": [{"name": "Pixel"}, {"name": "Atlas"}]} in [
        {**t, "products": sorted(t["products"], key=lambda p: p["name"], reverse=True)} for t in tag
    ]


def test_one_to_one_both_ways(admin, django_user_model):
    store = make_store()
    store.customer.user = admin
    store.customer.save()
    data = ok(run("{ customers { user { username customer { name } } } }", user=admin))
    assert data == {"customers": [{"user": {"username": "admin", "customer": {"name": "Ada"}}}]}
    other = django_user_model.objects.create_user("nobody")
    data = ok(
        run(
            "query($id: ID!) { user(id: $id) { customer { name } } }",
            user=admin,
            variables={"id": str(other.pk)},
        )
    )
    assert data == {"user": {"customer": None}}


def test_password_is_never_exposed(settings):
    user_type = str(build_schema("gql")).split("type User {")[1].split("}")[0]
    assert "password" not in user_type
    settings.RAIL_DJANGO_GRAPHQL = {
        "type_generation_settings": {"include_fields": {"auth.User": ["username", "password"]}}
    }
    user_type = str(build_schema("gql")).split("type User {")[1].split("}")[0]
    assert "username" in user_type and "password" not in user_type


def test_circular_foreign_keys(admin, settings):
    # Three nested lists cost 12,870 points (each unpaged list counted as default_page_size
    # rows), over the default max_query_complexity of 1,000.
    settings.RAIL_DJANGO_GRAPHQL = {"performance_settings": {"max_query_complexity": 20_000}}
    sales = Department.objects.create(name="Sales")
    boss = Employee.objects.create(name="Grace", department=sales)
    sales.manager = boss
    sales.save()
    data = ok(
        run(
            """{ departments { name manager { name department { name } }
                 staff { name managed { name } } } }""",
            user=admin,
        )
    )
    assert data == {
        "departments": [
            {
                "name": "Sales",
                "manager": {"name": "Grace", "department": {"name": "Sales"}},
                "staff": [{"name": "Grace", "managed": [{"name": "Sales"}]}],
            }
        ]
    }


def test_multi_table_and_abstract_inheritance(admin):
    Place.objects.create(name="Park")
    Restaurant.objects.create(name="Luigi", serves_pizza=True)
    data = ok(
        run(
            """{ places(orderBy: ["name"]) { name createdAt restaurant { servesPizza } }
                 restaurants { id name servesPizza createdAt } }""",
            user=admin,
        )
    )
    assert [p["name"] for p in data["places"]] == ["Luigi", "Park"]
    assert data["places"][0]["restaurant"] == {"servesPizza": True}
    assert data["places"][1]["restaurant"] is None
    assert data["places"][0]["createdAt"]  # from the abstract parent
    restaurant = data["restaurants"][0]
    assert restaurant["name"] == "Luigi" and restaurant["servesPizza"] is True
    assert restaurant["id"] == str(Restaurant.objects.get().pk)
    sdl = str(build_schema("gql"))
    assert "placePtr" not in sdl
    assert "TimeStamped" not in sdl  # abstract models have no type


def test_proxy_models_use_their_manager_and_permissions(django_user_model):
    store = make_store()
    viewer = user_with(django_user_model, "v", "core_testapp.view_activeproduct")
    data = ok(run('{ activeProducts(orderBy: ["name"]) { name } }', user=viewer))
    assert [p["name"] for p in data["activeProducts"]] == ["Atlas", "Moby Dick", "Pixel"]
    assert ActiveProduct.objects.count() == 3 and store.Nokia.is_active is False
    # The proxy's permission does not open the concrete model.
    assert codes(run("{ products { name } }", user=viewer)) == ["RAIL_GQL_PERMISSION_DENIED"]


def test_nested_relations_need_the_related_models_permission(django_user_model):
    make_store()
    viewer = user_with(django_user_model, "v", "core_testapp.view_product")
    answer = run('{ products(orderBy: ["name"]) { name category { name } } }', user=viewer)
    assert codes(answer)[0] == "RAIL_GQL_PERMISSION_DENIED"
    assert answer["data"]["products"][0] == {"name": "Atlas", "category": None}
    answer = run('{ products(orderBy: ["name"]) { name tags { name } } }', user=viewer)
    assert "RAIL_GQL_PERMISSION_DENIED" in codes(answer)


class OnlyPhones(DjangoModelPermissionBackend):
    """A backend that scopes rows: only products and categories named like phones."""

    def scope_queryset(self, user, queryset, operation="view", **kwargs):
        model = queryset.model.__name__
        if model in {"Product", "ActiveProduct"}:
            return queryset.filter(category__slug="phones")
        if model == "Category":
            return queryset.filter(slug="phones")
        return queryset


@pytest.fixture
def phones_only():
    with permission_backend.swapped(OnlyPhones()):
        yield


def test_scoping_applies_to_root_lists_and_every_relation(admin, phones_only):
    store = make_store()
    data = ok(run('{ products(orderBy: ["name"]) { name } }', user=admin))
    assert [p["name"] for p in data["products"]] == ["Nokia", "Pixel"]
    # Reverse FK and M2M lists are scoped...
    data = ok(run("{ tags { name products { name } } }", user=admin))
    assert {t["name"]: [p["name"] for p in t["products"]] for t in data["tags"]} == {
        "new": ["Pixel"],
        "sale": ["Pixel"],
    }
    # ... and so is a foreign key hop to a row outside the scope.
    data = ok(run("{ orderItems { product { name } } }", user=admin))
    assert sorted(str(i["product"]) for i in data["orderItems"]) == ["None", "{'name': 'Pixel'}"]
    # The retrieve field too.
    answer = run(
        "query($id: ID!) { product(id: $id) { name } }",
        user=admin,
        variables={"id": str(store.Atlas.pk)},
    )
    assert ok(answer) == {"product": None}

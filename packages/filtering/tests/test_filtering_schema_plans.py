"""Filters built once with the schema, applied the same way for GraphQL and Python callers.

The plans live on the schema's runtime; ``build_queryset`` (export, reporting, plain Python) and
the GraphQL argument give the same rows and the same refusals; relation filters only add a
row-scope subquery for models the permission backend restricts.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from filtering_graphql import items, post, refused
from filtering_testapp.models import Item, Review, Vendor

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import (
    DjangoModelPermissionBackend,
    FieldDecision,
    FieldVisibility,
    permission_backend,
)
from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.contracts.schema_runtime import get_schema_runtime
from rail_django.core import schema_registry
from rail_django.filtering import apply_where
from rail_django.filtering.filter_plan import PLUGIN, SchemaFilterPlans, schema_plans


def _titles(queryset) -> list[str]:
    return sorted(row.title for row in queryset)


class _ReviewsOnlyBackend(DjangoModelPermissionBackend):
    """Restricts reviews (approved only), never vendors; masks ``Item.price``."""

    def scopes_rows(self, model, **kwargs):
        return model is Review

    def scope_queryset(self, user, queryset, operation="view", **kwargs):
        if queryset.model is Review:
            return queryset.filter(approved=True)
        return queryset

    def field_read(self, user, model, field_name, **kwargs):
        if model is Item and field_name == "price":
            return FieldDecision(FieldVisibility.MASKED, None)
        return super().field_read(user, model, field_name, **kwargs)


class _VendorsTooBackend(_ReviewsOnlyBackend):
    def scopes_rows(self, model, **kwargs):
        return model in (Review, Vendor)


@pytest.fixture
def reviews_only():
    with permission_backend.swapped(_ReviewsOnlyBackend()):
        yield


def test_plans_are_built_with_the_schema_and_read_per_request(admin_client, catalog, monkeypatch):
    schema = schema_registry.get_schema("flt")
    plans = schema.runtime.plan(PLUGIN)
    assert isinstance(plans, SchemaFilterPlans)
    assert schema_plans(get_schema_runtime("flt")) is plans
    built = []
    original = SchemaFilterPlans._build

    def counted(self, model):
        built.append(model)
        return original(self, model)

    monkeypatch.setattr(SchemaFilterPlans, "_build", counted)
    where = {"vendorRel": {"name": {"eq": "Acme"}}}
    assert items(admin_client, where) == ["Phone X"]
    assert _titles(build_queryset(QueryRequest(Item, schema_name="flt", where=where))) == [
        "Phone X"
    ]
    assert _titles(apply_where(Item.objects.all(), where, schema_name="flt")) == ["Phone X"]
    assert built == []  # nothing about the models is derived again per request


def test_without_a_schema_name_the_default_schema_plans_apply(catalog):
    where = {"title": {"istartsWith": "phone"}}
    assert _titles(apply_where(Item.objects.all(), where)) == ["Phone X", "Phone case"]
    assert _titles(build_queryset(QueryRequest(Item, where=where))) == ["Phone X", "Phone case"]


def test_a_schema_rail_django_did_not_build_has_no_filters(catalog):
    with pytest.raises(RailError) as caught:
        apply_where(Item.objects.all(), {"title": {"eq": "x"}}, schema_name="missing")
    assert caught.value.code == ErrorCode.SCHEMA_NOT_FOUND
    assert "'missing'" in str(caught.value)
    with pytest.raises(RailError) as caught:
        build_queryset(QueryRequest(Item, schema_name="missing", quick="phone"))
    assert caught.value.code == ErrorCode.SCHEMA_NOT_FOUND


def _python_refusal(where, user) -> tuple[str, str]:
    with pytest.raises(RailError) as caught:
        list(build_queryset(QueryRequest(Item, schema_name="flt", user=user, where=where)))
    return f"RAIL_GQL_{caught.value.code}", str(caught.value)


def test_python_callers_get_the_graphql_refusals(client, catalog, django_user_model, reviews_only):
    clerk = django_user_model.objects.create_user("clerk", "c@x.test", "pw")
    clerk.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(clerk)
    for where in (
        {"vendorRel": {"name": {"eq": "Acme"}}},  # Vendor not viewable by the clerk
        {"reviewsCount": {"gt": 0}},  # nor Review
        {"price": {"gt": "100"}},  # masked for everyone by the backend
        {"title": {"regex": "("}},  # not a regular expression
        {"AND": [{"AND": [{"AND": [{"AND": [{"AND": [{"AND": [{}]}]}]}]}]}]},  # too deep
    ):
        codes, message = refused(client, where)
        assert [_python_refusal(where, clerk)] == [(codes[0], message)], where


def test_relation_to_a_model_the_backend_never_restricts_adds_no_subquery(catalog, reviews_only):
    where = {"vendorRel": {"country": {"in": ["US", "FR"]}}}
    sql = str(build_queryset(QueryRequest(Item, schema_name="flt", where=where)).query)
    assert "IN (SELECT" not in sql.upper()
    assert sql.upper().count("SELECT") == 1
    with permission_backend.swapped(_VendorsTooBackend()):
        scoped = str(build_queryset(QueryRequest(Item, schema_name="flt", where=where)).query)
    assert "IN (SELECT" in scoped.upper()


def test_restricted_rows_are_scoped_inside_the_subquery(admin_client, catalog, reviews_only):
    where = {"reviewsRel": {"some": {"stars": {"eq": 2}}}}  # Headphones' review: unapproved
    request = QueryRequest(Item, schema_name="flt", where=where)
    assert _titles(build_queryset(request)) == [] == items(admin_client, where)
    sql = str(build_queryset(request).query)
    assert "approved" in sql


def test_quick_search_skips_fields_the_user_may_not_filter_on(admin_client, catalog):
    class _NotesHidden(DjangoModelPermissionBackend):
        def field_read(self, user, model, field_name, **kwargs):
            if model is Item and field_name == "notes":
                return FieldDecision(FieldVisibility.HIDDEN)
            return super().field_read(user, model, field_name, **kwargs)

    query = '{ items(quick: "camera") { title } }'
    assert post(admin_client, query)["data"]["items"] == [{"title": "Phone X"}]
    with permission_backend.swapped(_NotesHidden()):
        assert post(admin_client, query)["data"]["items"] == []
        request = QueryRequest(Item, schema_name="flt", quick="camera")
        assert list(build_queryset(request)) == []

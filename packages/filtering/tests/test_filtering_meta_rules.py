"""GraphQLMeta rules, settings toggles and permissions decide what can be filtered."""

from __future__ import annotations

import pytest
from filtering_graphql import error_codes, items, post, refused

from rail_django.contracts.permissions import DjangoModelPermissionBackend, permission_backend
from rail_django.core.schema_builder import build_schema


def _input_fields(schema_name: str, type_name: str) -> set[str]:
    graphql_type = build_schema(schema_name).graphql_schema.get_type(type_name)
    return set(graphql_type.fields) if graphql_type is not None else set()


def test_filter_field_lookups_narrow_the_operators(catalog):
    assert _input_fields("flt", "ItemWeightFilterInput") == {"gt", "lt", "between"}
    assert _input_fields("flt", "ItemEmailFilterInput") == {"iexact", "iendsWith"}
    assert _input_fields("flt", "ItemStatusFilterInput") == {"eq", "in"}
    assert "regex" in _input_fields("flt", "StringFilterInput")


def test_narrowed_operators_still_work(admin_client, catalog):
    assert items(admin_client, {"weight": {"between": [0.4, 2]}}) == sorted(
        ["Phone X", "Desk lamp"]
    )
    assert items(admin_client, {"email": {"iendsWith": "@ACME.test"}}) == ["Phone X"]


def test_excluded_fields_are_not_filterable_nor_reachable(catalog):
    item_fields = _input_fields("flt", "ItemWhereInput")
    assert "secret" not in item_fields and "attachment" not in item_fields
    assert {
        "vendorRel",
        "reviewsRel",
        "reviewsCount",
        "detailRel",
        "AND",
        "OR",
        "NOT",
    } <= item_fields
    assert "internalScore" not in _input_fields("flt", "VendorWhereInput")


def test_type_settings_exclusions_apply(admin_client, catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "type_generation_settings": {"exclude_fields": {"filtering_testapp.Vendor": ["country"]}}
    }
    assert "country" not in _input_fields("flt", "VendorWhereInput")
    assert refused(admin_client, {"vendorRel": {"country": {"eq": "US"}}})[0] == [
        "RAIL_GQL_INVALID_ARGUMENT"
    ]


def test_models_outside_the_schema_are_not_reachable(admin_client, catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "flt": {"apps": ["filtering_testapp"], "schema_settings": {"excluded_models": ["Vendor"]}}
    }
    fields = _input_fields("flt", "ItemWhereInput")
    assert "vendorRel" not in fields and "vendor" not in fields


def test_toggles_remove_the_where_argument(admin_client, catalog, settings):
    for section, key in [
        ("type_generation_settings", "generate_filters"),
        ("type_generation_settings", "enable_filtering"),
        ("query_settings", "generate_filters"),
    ]:
        settings.RAIL_DJANGO_GRAPHQL = {section: {key: False}}
        schema = build_schema("flt").graphql_schema
        assert "where" not in schema.query_type.fields["items"].args, key
        assert "quick" not in schema.query_type.fields["items"].args, key
        assert schema.get_type("ItemWhereInput") is None
        answer = post(admin_client, '{ items(where: {title: {eq: "x"}}) { id } }')
        assert error_codes(answer) == ["RAIL_GQL_VALIDATION_FAILED"]


def test_camelcase_off_gives_snake_case_keys(admin_client, catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"auto_camelcase": False}}
    fields = _input_fields("flt", "ItemWhereInput")
    assert {"created_at", "vendor_rel", "reviews_count"} <= fields
    assert "is_null" in _input_fields("flt", "StringFilterInput")
    answer = post(
        admin_client,
        '{ items(where: {vendor_rel: {name: {starts_with: "Ac"}}}) { title } }',
    )
    assert answer == {"data": {"items": [{"title": "Phone X"}]}}


def test_related_model_needs_view_permission(client, catalog, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("clerk", "c@x.test", "pw")
    user.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(user)
    assert items(client, {"title": {"eq": "Phone X"}}) == ["Phone X"]
    codes, message = refused(client, {"vendorRel": {"name": {"eq": "Acme"}}})
    assert codes == ["RAIL_GQL_PERMISSION_DENIED"] and "where.vendorRel" in message
    codes, _ = refused(client, {"reviewsCount": {"gt": 0}})
    assert codes == ["RAIL_GQL_PERMISSION_DENIED"]
    user.user_permissions.add(Permission.objects.get(codename="view_vendor"))
    assert items(client, {"vendorRel": {"name": {"eq": "Acme"}}}) == ["Phone X"]


class _ScopedBackend(DjangoModelPermissionBackend):
    """Hides unapproved reviews and the vendor Acme; masks Item.price."""

    def scope_queryset(self, user, queryset, operation="view", **kwargs):
        from filtering_testapp.models import Review, Vendor

        if queryset.model is Review:
            return queryset.filter(approved=True)
        if queryset.model is Vendor:
            return queryset.exclude(name="Acme")
        return queryset

    def field_read(self, user, model, field_name, **kwargs):
        from rail_django.contracts.permissions import FieldDecision, FieldVisibility

        if field_name == "price":
            return FieldDecision(FieldVisibility.MASKED, None)
        return super().field_read(user, model, field_name, **kwargs)


@pytest.fixture
def scoped_backend():
    with permission_backend.swapped(_ScopedBackend()):
        yield


def test_relation_filters_see_only_rows_the_user_may_see(admin_client, catalog, scoped_backend):
    # Headphones' only review is unapproved: invisible, so it has no review at all
    assert items(admin_client, {"reviewsRel": {"some": {"stars": {"eq": 2}}}}) == []
    assert items(admin_client, {"reviewsCount": {"eq": 0}}) == sorted(["Headphones", "Desk lamp"])
    assert items(admin_client, {"vendorRel": {"name": {"eq": "Acme"}}}) == []
    codes, message = refused(admin_client, {"price": {"gt": "100"}})
    assert codes == ["RAIL_GQL_PERMISSION_DENIED"] and "where.price" in message

"""Filters on a relation need view permission on the related model (issue 11).

``vendorRel`` was refused to a user who may not view vendors while ``vendor: { eq: <id> }``
answered, telling that user which vendor ids exist. Both now need the same permission.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from filtering_graphql import items, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def item_viewer(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", "viewer@x.test", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="filtering_testapp", codename="view_item")
    )
    client.force_login(user)
    return client


def test_a_foreign_key_id_filter_needs_view_permission_on_the_related_model(
    item_viewer, catalog
):
    from filtering_testapp.models import Vendor

    vendor = Vendor.objects.order_by("pk").first()
    for where in (
        {"vendor": {"eq": str(vendor.pk)}},
        {"vendor": {"in": [str(vendor.pk)]}},
        {"vendor": {"isNull": True}},
        {"vendorRel": {"name": {"eq": vendor.name}}},
    ):
        codes, message = refused(item_viewer, where)
        assert codes == ["RAIL_GQL_PERMISSION_DENIED"], where
        assert "you cannot view vendors" in message
    # Filters on the model's own fields still work for that user.
    assert items(item_viewer, {"title": {"isNull": False}})


def test_with_view_permission_the_id_filter_answers(item_viewer, catalog, django_user_model):
    from filtering_testapp.models import Item, Vendor

    user = django_user_model.objects.get(username="viewer")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="filtering_testapp", codename="view_vendor")
    )
    vendor = Vendor.objects.order_by("pk").first()
    expected = sorted(Item.objects.filter(vendor=vendor).values_list("title", flat=True))
    assert items(item_viewer, {"vendor": {"eq": str(vendor.pk)}}) == expected

"""Who may export what: the allow-list, the backend's view decision, hidden / excluded / masked
fields, all over HTTP."""

from __future__ import annotations

import pytest
from export_http import client_for, csv_rows, error_code, error_message, export_config, post

pytestmark = pytest.mark.django_db


def payload(**changes):
    base = {"app_name": "exportshop", "model_name": "Product", "file_extension": "csv"}
    base.update({"fields": ["sku"], "ordering": ["sku"]})
    base.update(changes)
    return base


def test_anonymous_users_are_refused(shop):
    response = post(None, payload())
    assert response.status_code == 401
    assert error_code(response) == "RAIL_GQL_UNAUTHENTICATED"


def test_a_user_who_may_not_list_the_model_may_not_export_it(shop):
    response = post(shop["users"]["noview"], payload())
    assert response.status_code == 403
    assert error_code(response) == "RAIL_GQL_PERMISSION_DENIED"


def test_a_model_outside_the_allow_list_is_refused_even_to_superusers(
    shop, settings, django_user_model
):
    root = django_user_model.objects.create_superuser("root", "r@x.test", "pw")
    response = post(root, payload(model_name="Category", fields=["name"]))
    assert response.status_code == 403
    assert error_code(response) == "RAIL_GQL_EXPORT_NOT_ALLOWED"
    settings.RAIL_DJANGO_EXPORT = export_config(models={})
    response = post(root, payload())
    assert error_code(response) == "RAIL_GQL_EXPORT_NOT_ALLOWED"


def test_the_field_allow_list_of_a_model_is_enforced(shop):
    review = {"model_name": "Review", "fields": ["text"], "ordering": []}
    assert post(shop["users"]["boss"], payload(**review)).status_code == 200
    refused = post(shop["users"]["boss"], payload(**{**review, "fields": ["stars"]}))
    assert refused.status_code == 403
    assert error_code(refused) == "RAIL_GQL_EXPORT_NOT_ALLOWED"


def test_a_field_graphqlmeta_excludes_cannot_be_exported(shop):
    response = post(shop["users"]["boss"], payload(fields=["sku", "secret"]))
    assert response.status_code == 400
    assert error_code(response) == "RAIL_GQL_INVALID_EXPORT_FIELD"
    assert "'secret'" in error_message(response)


def test_a_hidden_field_is_refused_and_a_masked_one_exports_masked(shop):
    hidden = post(shop["users"]["alice"], payload(fields=["sku", "internal_code"]))
    assert hidden.status_code == 403
    assert error_code(hidden) == "RAIL_GQL_PERMISSION_DENIED"
    assert "Product.internal_code" in error_message(hidden)
    masked = post(shop["users"]["alice"], payload(fields=["sku", "cost"]))
    assert csv_rows(masked)[1:] == [["SKU-0000", "***"], ["SKU-0001", "***"], ["SKU-0002", "***"]]
    staff = post(shop["users"]["boss"], payload(fields=["sku", "cost", "internal_code"]))
    assert csv_rows(staff)[1] == ["SKU-0000", "4.00", "IC0"]


def test_filters_on_a_hidden_field_are_refused_like_over_graphql(shop):
    response = post(shop["users"]["alice"], payload(variables={"internalCode": "IC0"}))
    assert response.status_code in (400, 403)
    assert response.json()["errors"][0]["extensions"]["code"].startswith("RAIL_GQL_")


def test_an_extra_export_permission_can_be_required(shop, settings):
    from django.contrib.auth.models import Permission

    settings.RAIL_DJANGO_EXPORT = export_config(required_permission="auth.view_user")
    assert error_code(post(shop["users"]["alice"], payload())) == "RAIL_GQL_PERMISSION_DENIED"
    alice = shop["users"]["alice"]
    alice.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert post(type(alice).objects.get(pk=alice.pk), payload()).status_code == 200


class RecordingSink:
    """An audit sink that keeps events in memory (the audit app stores them in its table)."""

    def __init__(self):
        self.events = []

    def record(self, event):
        self.events.append(event.as_dict())


def test_audit_events_are_written_for_downloads_and_refusals(shop):
    from rail_django.contracts.audit import audit_sink

    sink = RecordingSink()
    with audit_sink.swapped(sink):
        post(shop["users"]["alice"], payload())
        post(shop["users"]["noview"], payload())
    events = sink.events
    actions = [(e["action"], e["outcome"]) for e in events]
    assert ("export.download", "success") in actions
    assert ("export.refused", "denied") in actions
    download = next(e for e in events if e["action"] == "export.download")
    assert download["target"] == "exportshop.Product" and download["details"]["rows"] == 3


def test_cookie_forms_cannot_post_an_export(shop):
    client = client_for(shop["users"]["alice"])
    response = client.post("/api/v1/export/", {"app_name": "exportshop"})
    assert response.status_code == 415
    assert error_code(response) == "RAIL_GQL_UNSUPPORTED_MEDIA_TYPE"

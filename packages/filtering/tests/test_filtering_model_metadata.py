"""``modelSchema { filters }``: filtering describes its ``where`` through the contracts."""

from __future__ import annotations

import pytest
from filtering_graphql import post

from rail_django.core import schema_registry
from rail_django.testing import assert_no_errors

pytestmark = pytest.mark.django_db

QUERY = """{ modelSchema(app: "filtering_testapp", model: "Item") {
  filters { fieldName fieldLabel isNested relatedModel
            options { name lookup helpText choices { value label } } } } }"""


@pytest.fixture(autouse=True)
def metadata_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "flt": {"apps": ["filtering_testapp"], "schema_settings": {"show_metadata": True}}
    }
    schema_registry.clear()
    yield
    schema_registry.clear()


def test_filters_list_fields_operators_and_choices(admin_client):
    filters = assert_no_errors(post(admin_client, QUERY))["modelSchema"]["filters"]
    by_name = {f["fieldName"]: f for f in filters}
    status = by_name["status"]
    assert status["fieldLabel"] == "status" and not status["isNested"]
    equal = {o["name"]: o for o in status["options"]}["eq"]
    assert equal["lookup"] == "exact" and equal["helpText"] == "Equal to."
    assert {c["value"] for c in equal["choices"]} == {"draft", "active", "archived"}
    price = {o["name"] for o in by_name["price"]["options"]}
    assert {"gt", "lt"} <= price
    vendor = [f for f in filters if f["isNested"] and f["relatedModel"].endswith(".Vendor")]
    assert vendor and vendor[0]["options"] == []

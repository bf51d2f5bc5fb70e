"""The ``exportModel`` mutation, export templates, ``canExport`` in the metadata, and the
OpenAPI path items."""

from __future__ import annotations

import pytest
from export_http import SCHEMA, body_of, client_for, csv_rows, export_config, post

from rail_django.contracts.task_backend import InlineTaskBackend, task_backend
from rail_django.testing import GraphQLTestClient

pytestmark = pytest.mark.django_db

MUTATION = """
mutation Export($fields: [JSON!], $variables: JSON, $async: Boolean, $template: String) {
  exportModel(appName: "exportshop", modelName: "Product", fileExtension: "csv",
              fields: $fields, variables: $variables, ordering: ["sku"], async: $async,
              template: $template) {
    jobId status progress rows statusUrl downloadUrl error
  }
}
"""

TEMPLATES = {
    "active": {
        "title": "Active products",
        "app_name": "exportshop",
        "model_name": "Product",
        "file_extension": "csv",
        "fields": ["sku", {"accessor": "price", "title": "Unit Price"}],
        "variables": {"isActive": True},
        "ordering": ["sku"],
    },
    "costs": {
        "app_name": "exportshop",
        "model_name": "Product",
        "fields": ["sku", "internal_code"],
    },
    "raw": {
        "app_name": "exportshop",
        "model_name": "Product",
        "file_extension": "csv",
        "fields": ["name"],
        "neutralize_formulas": False,
    },
}


def run(user, variables):
    return GraphQLTestClient(user=user, schema=SCHEMA).execute(MUTATION, variables)


def test_the_mutation_runs_the_export_as_a_job_with_a_download_url(shop):
    alice = shop["users"]["alice"]
    with task_backend.swapped(InlineTaskBackend()):
        answer = run(alice, {"fields": ["sku", "category.name"], "variables": {"isActive": True}})
    data = answer.assert_no_errors()["exportModel"]
    assert data["status"] == "succeeded" and data["rows"] == 2 and data["error"] is None
    download = client_for(alice).get(data["downloadUrl"])
    assert csv_rows(download) == [
        ["Sku", "Category / Name"],
        ["SKU-0000", "Books"],
        ["SKU-0002", "Books"],
    ]
    assert client_for(shop["users"]["bob"]).get(data["downloadUrl"]).status_code == 404


def test_the_mutation_refuses_like_the_endpoint(shop):
    with task_backend.swapped(InlineTaskBackend()):
        hidden = run(shop["users"]["alice"], {"fields": ["internal_code"]})
        insisted = run(shop["users"]["alice"], {"fields": ["sku"], "async": True})
        anonymous = run(None, {"fields": ["sku"]})
    assert hidden.error_codes == ["RAIL_GQL_PERMISSION_DENIED"]
    assert insisted.error_codes == ["RAIL_GQL_ASYNC_EXPORT_UNAVAILABLE"]
    assert anonymous.error_codes == ["RAIL_GQL_UNAUTHENTICATED"]


def test_a_template_runs_by_name_with_extra_filters(shop, settings):
    settings.RAIL_DJANGO_EXPORT = export_config(templates=TEMPLATES)
    alice = shop["users"]["alice"]
    response = post(alice, {"template": "active"})
    assert csv_rows(response) == [
        ["Sku", "Unit Price"],
        ["SKU-0000", "10.50"],
        ["SKU-0002", "12.50"],
    ]
    narrowed = post(alice, {"template": "active", "variables": {"stock": {"gte": 1}}})
    assert csv_rows(narrowed)[1:] == [["SKU-0002", "12.50"]]


def test_templates_are_listed_with_what_the_user_may_run(shop, settings):
    settings.RAIL_DJANGO_EXPORT = export_config(templates=TEMPLATES)
    listed = client_for(shop["users"]["alice"]).get("/api/v1/export/templates/").json()
    assert [t["name"] for t in listed["templates"]] == ["active", "raw"]  # costs: a hidden field
    assert listed["templates"][0]["title"] == "Active products"
    assert listed["templates"][0]["columns"] == [
        {"accessor": "sku", "title": "Sku"},
        {"accessor": "price", "title": "Unit Price"},
    ]
    staff = client_for(shop["users"]["boss"]).get("/api/v1/export/templates/").json()
    assert [t["name"] for t in staff["templates"]] == ["active", "costs", "raw"]


def test_only_a_template_may_turn_formula_neutralising_off(shop, settings):
    from export_testapp.models import Product

    settings.RAIL_DJANGO_EXPORT = export_config(templates=TEMPLATES)
    Product.objects.filter(owner=shop["users"]["alice"]).update(name="=1+1")
    alice = shop["users"]["alice"]
    assert {r[0] for r in csv_rows(post(alice, {"template": "raw"}))[1:]} == {"=1+1"}
    plain = {"app_name": "exportshop", "model_name": "Product", "file_extension": "csv"}
    escaped = post(alice, {**plain, "fields": ["name"]})
    assert {r[0] for r in csv_rows(escaped)[1:]} == {"'=1+1"}


CAN_EXPORT = """
query($model: String!) { modelSchema(app: "exportshop", model: $model) {
  permissions { canList canExport } } }
"""


def test_can_export_in_the_metadata_follows_the_allow_list(shop, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"show_metadata": True}}
    client = GraphQLTestClient(user=shop["users"]["alice"], schema=SCHEMA)
    product = client.execute(CAN_EXPORT, {"model": "Product"}).assert_no_errors()
    category = client.execute(CAN_EXPORT, {"model": "Category"}).assert_no_errors()
    assert product["modelSchema"]["permissions"] == {"canList": True, "canExport": True}
    assert category["modelSchema"]["permissions"] == {"canList": True, "canExport": False}


def test_openapi_paths_describe_the_endpoints(admin_client):
    from rail_django.extensions.exporting.openapi import openapi_paths

    paths = openapi_paths()
    served = admin_client.get("/api/v1/openapi.json").json()
    for path, item in paths.items():
        assert served["paths"][path] == item  # part of core's /api/v1/ document
    assert set(paths) == {
        "/api/v1/export/",
        "/api/v1/export/templates/",
        "/api/v1/export/jobs/{job_id}/",
        "/api/v1/export/jobs/{job_id}/download/",
    }
    post_op = paths["/api/v1/export/"]["post"]
    body = post_op["requestBody"]["content"]["application/json"]["schema"]
    assert {"app_name", "model_name", "file_extension", "fields", "async"} <= set(
        body["properties"]
    )
    assert {"200", "202", "400", "401", "403", "415", "429"} <= set(post_op["responses"])
    assert "RAIL_GQL_INVALID_EXPORT_FIELD" in post_op["responses"]["400"]["description"]
    assert "Errors" in served["components"]["schemas"]


def test_downloads_of_xlsx_from_the_mutation_are_workbooks(shop):
    from export_http import xlsx_rows

    mutation = MUTATION.replace('fileExtension: "csv"', 'fileExtension: "xlsx"')
    with task_backend.swapped(InlineTaskBackend()):
        answer = GraphQLTestClient(user=shop["users"]["alice"], schema=SCHEMA).execute(
            mutation, {"fields": ["sku", "stock"]}
        )
    url = answer.assert_no_errors()["exportModel"]["downloadUrl"]
    rows = xlsx_rows(body_of(client_for(shop["users"]["alice"]).get(url)))
    assert rows == [["Sku", "Stock"], ["SKU-0000", 0], ["SKU-0001", 1], ["SKU-0002", 2]]

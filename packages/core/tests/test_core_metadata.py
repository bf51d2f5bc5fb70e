"""Model metadata v2 (``modelSchema``...) over HTTP: the guide's document, flags, per-user."""

from __future__ import annotations

import pytest
from core_metadata_testapp.models import Shipment
from core_query_client import codes, ok, run, user_with
from django.test import Client

from rail_django.contracts.model_metadata import (
    FilterMetadata,
    FilterOption,
    MetadataChoice,
    ModelMetadataPart,
    TemplateMetadata,
)
from rail_django.contracts.permissions import (
    DjangoModelPermissionBackend,
    FieldDecision,
    FieldVisibility,
    permission_backend,
)
from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.registry import schema_registry

pytestmark = pytest.mark.django_db

APP = "core_metadata_testapp"

# The guide's document (§9 "Model Schema Introspection"), verbatim but for its arguments.
GUIDE_DOCUMENT = """
query {
  modelSchema(app: "core_metadata_testapp", model: "Shipment") {
    app
    model
    verboseName
    verboseNamePlural
    primaryKey
    ordering
    fields {
      name
      verboseName
      fieldType
      graphqlType
      required
      nullable
      editable
      unique
      maxLength
      choices {
        value
        label
      }
      isDate
      isDatetime
      isNumeric
      isBoolean
      isText
      isRichText
      isFile
      isImage
      isJson
      isFsmField
      fsmTransitions {
        name
        source
        target
        label
      }
      readable
      writable
      visibility
    }
    relationships {
      name
      relatedApp
      relatedModel
      relationType
      isReverse
      isToOne
      isToMany
      required
      readable
      writable
    }
    filters {
      fieldName
      fieldLabel
      isNested
      relatedModel
      options {
        name
        lookup
        helpText
        choices {
          value
          label
        }
      }
    }
    mutations {
      name
      operation
      allowed
      requiredPermissions
    }
    permissions {
      canList
      canCreate
      canUpdate
      canDelete
      canExport
    }
    fieldGroups {
      key
      label
      fields
    }
    templates {
      key
      title
      endpoint
    }
    metadataVersion
    customMetadata
  }
}
"""

PER_USER = """
{ modelSchema(app: "core_metadata_testapp", model: "Shipment") {
    metadataVersion
    fields { name readable writable visibility fsmTransitions { name allowed } }
    relationships { name writable }
    mutations { name allowed }
    permissions { canList canCreate canUpdate canDelete canExport }
} }
"""

FLAGS = (
    "isDate",
    "isDatetime",
    "isNumeric",
    "isBoolean",
    "isText",
    "isRichText",
    "isFile",
    "isImage",
    "isJson",
    "isFsmField",
)


@pytest.fixture(autouse=True)
def metadata_on(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"show_metadata": True}}
    schema_registry.clear()
    yield
    schema_registry.clear()


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


@pytest.fixture
def viewer(django_user_model):
    return user_with(django_user_model, "viewer", f"{APP}.view_shipment")


@pytest.fixture
def clerk(django_user_model):
    return user_with(
        django_user_model,
        "clerk",
        f"{APP}.view_shipment",
        f"{APP}.add_shipment",
        f"{APP}.change_shipment",
    )


def by_name(items):
    return {item["name"]: item for item in items}


def test_the_guide_document_runs_and_every_flag_is_right(admin):
    schema = ok(run(GUIDE_DOCUMENT, user=admin))["modelSchema"]
    assert (schema["app"], schema["model"]) == (APP, "Shipment")
    assert schema["verboseName"] == "shipment" and schema["primaryKey"] == "id"
    fields = by_name(schema["fields"])
    on = {
        "reference": {"isText"},
        "notes": {"isText", "isRichText"},
        "weight": {"isNumeric"},
        "parcels": {"isNumeric"},
        "fragile": {"isBoolean"},
        "shipOn": {"isDate"},
        "shippedAt": {"isDatetime"},
        "contact": {"isText"},
        "trackingUrl": {"isText"},
        "extra": {"isJson"},
        "manifest": {"isFile"},
        "speed": {"isText"},
        "state": {"isText", "isFsmField"},
        "carrier": set(),
    }
    for name, expected in on.items():
        assert {flag for flag in FLAGS if fields[name][flag]} == expected, name
    assert fields["reference"]["unique"] and fields["reference"]["maxLength"] == 30
    assert fields["reference"]["required"] and not fields["notes"]["required"]
    assert fields["shipOn"]["nullable"] and fields["shipOn"]["graphqlType"] == "Date"
    assert fields["weight"]["graphqlType"] == "Decimal"
    assert fields["speed"]["choices"] == [
        {"value": "slow", "label": "Slow"},
        {"value": "fast", "label": "Fast"},
    ]
    # A foreign key's choices would be every row of the related table: never enumerated.
    assert fields["carrier"]["choices"] == [] and fields["carrier"]["fieldType"] == "ForeignKey"
    assert fields["state"]["fsmTransitions"] == [
        {"name": "prepare", "source": ["draft"], "target": "ready", "label": "Mark ready"},
        {"name": "ship", "source": ["draft", "ready"], "target": "shipped", "label": "Ship"},
    ]
    assert "internalNote" not in fields  # GraphQLMeta.Fields(exclude=...)
    assert not fields["reference"]["writable"]  # read_only
    relations = by_name(schema["relationships"])
    assert relations["carrier"]["relationType"] == "FOREIGN_KEY"
    assert relations["carrier"]["isToOne"] and relations["carrier"]["required"]
    assert relations["labels"]["relationType"] == "MANY_TO_MANY"
    assert relations["labels"]["isToMany"] and not relations["labels"]["required"]
    assert {m["name"]: m["operation"] for m in schema["mutations"]} == {
        "createShipment": "CREATE",
        "updateShipment": "UPDATE",
        "deleteShipment": "DELETE",
    }
    assert schema["permissions"] == {
        "canList": True,
        "canCreate": True,
        "canUpdate": True,
        "canDelete": True,
        "canExport": False,  # no export package contributes here
    }
    assert schema["fieldGroups"] == [
        {"key": "main", "label": "Informations principales", "fields": ["reference", "state"]},
        {"key": "details", "label": "Détails", "fields": ["notes"]},
    ]
    # Filters come from plugin contributions (filtering's when installed; see the test below).
    assert isinstance(schema["filters"], list) and schema["templates"] == []
    assert schema["customMetadata"] == {"icon": "truck", "color": "#4A90D9"}
    assert len(schema["metadataVersion"]) == 20


def test_relation_details_on_delete_through_and_reverse(admin):
    query = """{ modelSchema(app: "core_metadata_testapp", model: "Carrier") {
        relationships { name relationType isReverse isToMany onDelete relatedListField }
    } }"""
    [shipments] = ok(run(query, user=admin))["modelSchema"]["relationships"]
    assert shipments == {
        "name": "shipments",
        "relationType": "REVERSE_FOREIGN_KEY",
        "isReverse": True,
        "isToMany": True,
        "onDelete": "PROTECT",
        "relatedListField": "shipments",
    }
    query = """{ modelSchema(app: "core_metadata_testapp", model: "Shipment") {
        relationships { name through }
        fields { name relatedModel relatedListField }
    } }"""
    schema = ok(run(query, user=admin))["modelSchema"]
    assert by_name(schema["relationships"])["labels"]["through"] == f"{APP}.Shipment_labels"
    carrier = by_name(schema["fields"])["carrier"]
    assert carrier["relatedModel"] == f"{APP}.Carrier"
    assert carrier["relatedListField"] == "carriers"


def test_allowed_and_permissions_differ_as_the_users_permissions_do(viewer, clerk):
    seen = ok(run(PER_USER, user=viewer))["modelSchema"]
    edits = ok(run(PER_USER, user=clerk))["modelSchema"]
    assert by_name(seen["mutations"]) == {
        "createShipment": {"name": "createShipment", "allowed": False},
        "updateShipment": {"name": "updateShipment", "allowed": False},
        "deleteShipment": {"name": "deleteShipment", "allowed": False},
    }
    assert {m["name"]: m["allowed"] for m in edits["mutations"]} == {
        "createShipment": True,
        "updateShipment": True,
        "deleteShipment": False,
    }
    assert seen["permissions"] == {
        "canList": True,
        "canCreate": False,
        "canUpdate": False,
        "canDelete": False,
        "canExport": False,
    }
    assert edits["permissions"]["canCreate"] and not edits["permissions"]["canDelete"]
    # The ``ship`` transition needs change_shipment (declared on the @transition).
    transitions = {
        user: {t["name"]: t["allowed"] for t in by_name(s["fields"])["state"]["fsmTransitions"]}
        for user, s in (("viewer", seen), ("clerk", edits))
    }
    assert transitions == {
        "viewer": {"prepare": True, "ship": False},
        "clerk": {"prepare": True, "ship": True},
    }
    assert seen["metadataVersion"] != edits["metadataVersion"]


class SecretRules(DjangoModelPermissionBackend):
    """Non-superusers never see ``secret_code``; only superusers write ``fragile``; the
    ``contact`` of a shipment is masked for users without change permission."""

    def field_read(self, user, model, field_name, *, runtime=None):
        if model is Shipment and field_name == "secret_code" and not user.is_superuser:
            return FieldDecision(FieldVisibility.HIDDEN)
        if (
            model is Shipment
            and field_name == "contact"
            and not user.has_perm(f"{APP}.change_shipment")
        ):
            return FieldDecision(FieldVisibility.MASKED, "***")
        return super().field_read(user, model, field_name, runtime=runtime)

    def field_write(self, user, model, field_name, *, runtime=None):
        if model is Shipment and field_name == "fragile":
            return bool(user.is_superuser)
        return True


def test_readable_writable_visibility_come_from_the_field_access_table(admin, viewer, clerk):
    with permission_backend.swapped(SecretRules()):
        answers = {
            name: by_name(ok(run(PER_USER, user=user))["modelSchema"]["fields"])
            for name, user in (("admin", admin), ("viewer", viewer), ("clerk", clerk))
        }
    assert "secretCode" in answers["admin"]
    assert "secretCode" not in answers["viewer"] and "secretCode" not in answers["clerk"]
    assert answers["viewer"]["contact"] == {
        "name": "contact",
        "readable": False,
        "writable": True,
        "visibility": "MASKED",
        "fsmTransitions": [],
    }
    assert answers["clerk"]["contact"]["visibility"] == "VISIBLE"
    assert answers["admin"]["fragile"]["writable"] and not answers["clerk"]["fragile"]["writable"]


def test_schema_settings_exclusions_are_respected(settings, admin):
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {"show_metadata": True},
        "type_generation_settings": {"exclude_fields": {f"{APP}.Shipment": ["notes", "labels"]}},
    }
    schema_registry.clear()
    query = """{ modelSchema(app: "core_metadata_testapp", model: "Shipment") {
        fields { name } relationships { name } } }"""
    schema = ok(run(query, user=admin))["modelSchema"]
    assert "notes" not in by_name(schema["fields"])
    assert "labels" not in by_name(schema["relationships"])


def test_version_is_stable_and_served_as_an_etag(admin, viewer):
    first = ok(run(PER_USER, user=admin))["modelSchema"]["metadataVersion"]
    assert ok(run(PER_USER, user=admin))["modelSchema"]["metadataVersion"] == first
    client = Client()
    client.force_login(admin)
    url = f"/graphql/gql/metadata/{APP}/Shipment/"
    response = client.get(url)
    assert response.status_code == 200 and response["ETag"] == f'"{first}"'
    body = response.json()
    assert body["metadataVersion"] == first and body["model"] == "Shipment"
    assert "isFsmField" in body["fields"][0] and body["customMetadata"]["icon"] == "truck"
    assert "Cookie" in response["Vary"]
    again = client.get(url, HTTP_IF_NONE_MATCH=f'"{first}"')
    assert again.status_code == 304 and again.content == b""
    client.force_login(viewer)
    other = client.get(url, HTTP_IF_NONE_MATCH=f'"{first}"')
    assert other.status_code == 200 and other["ETag"] != f'"{first}"'
    assert Client().get(url).status_code == 401
    missing = client.get(f"/graphql/gql/metadata/{APP}/Nothing/")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["extensions"]["code"] == "RAIL_GQL_NOT_FOUND"


def test_errors_have_codes(admin):
    query = '{ modelSchema(app: "core_metadata_testapp", model: "Nothing") { model } }'
    assert codes(run(query, user=admin)) == ["RAIL_GQL_NOT_FOUND"]
    assert codes(run(PER_USER)) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_metadata_is_off_unless_show_metadata(settings, admin):
    settings.RAIL_DJANGO_GRAPHQL = {}
    schema_registry.clear()
    answer = run(PER_USER, user=admin)
    assert "Cannot query field 'modelSchema'" in answer["errors"][0]["message"]
    response = Client()
    response.force_login(admin)
    assert response.get(f"/graphql/gql/metadata/{APP}/Shipment/").status_code == 404


def test_available_models_app_schemas_and_v1(admin):
    query = """{
      availableModelsV2(app: "core_metadata_testapp") { app model verboseName verboseNamePlural }
      appSchemas(app: "core_metadata_testapp") { model verboseName fields { name fieldType } }
      modelMetadata(app: "core_metadata_testapp", model: "Shipment") {
        model fields { name fieldType required } relationships { name relatedModel relationType }
      }
    }"""
    data = ok(run(query, user=admin))
    assert [m["model"] for m in data["availableModelsV2"]] == ["Carrier", "Label", "Shipment"]
    assert data["availableModelsV2"][2]["verboseNamePlural"] == "shipments"
    assert [s["model"] for s in data["appSchemas"]] == ["Carrier", "Label", "Shipment"]
    v1 = data["modelMetadata"]
    assert by_name(v1["fields"])["weight"] == {
        "name": "weight",
        "fieldType": "DecimalField",
        "required": True,
    }
    assert by_name(v1["relationships"])["carrier"]["relatedModel"] == f"{APP}.Carrier"


PLUGIN = "core-metadata-tests"


def shipment_filters(runtime, model):
    if model is not Shipment:
        return None
    option = FilterOption(
        "eq", "exact", "Égal à", (MetadataChoice("slow", "Slow"), MetadataChoice("fast", "Fast"))
    )
    return ModelMetadataPart(
        filters=(
            FilterMetadata("speed", "Speed", (option,)),
            FilterMetadata("secret_code", "Code", (FilterOption("eq", "exact"),)),
        ),
        templates=(TemplateMetadata("label", "Label", "/templates/label/{pk}/"),),
    )


def test_filters_and_templates_come_from_plugin_contributions(admin, viewer):
    plugin_registry.register(ContributionKind.MODEL_METADATA, shipment_filters, plugin=PLUGIN)
    schema_registry.clear()
    try:
        query = """{ modelSchema(app: "core_metadata_testapp", model: "Shipment") {
            filters { fieldName fieldLabel isNested options { name lookup helpText
                choices { value label } } }
            templates { key title endpoint } } }"""
        with permission_backend.swapped(SecretRules()):
            full = ok(run(query, user=admin))["modelSchema"]
            narrowed = ok(run(query, user=viewer))["modelSchema"]
    finally:
        plugin_registry.unregister_plugin(PLUGIN)
    # This plugin's filters come first (filtering's own, when installed, follow them).
    assert [f["fieldName"] for f in full["filters"]][:2] == ["speed", "secret_code"]
    # A filter on a field the user may not read would reveal it bit by bit: left out, from
    # every contribution.
    narrowed_names = [f["fieldName"] for f in narrowed["filters"]]
    assert narrowed_names[0] == "speed" and "secret_code" not in narrowed_names
    assert full["filters"][0]["options"][0] == {
        "name": "eq",
        "lookup": "exact",
        "helpText": "Égal à",
        "choices": [{"value": "slow", "label": "Slow"}, {"value": "fast", "label": "Fast"}],
    }
    assert full["templates"] == [
        {"key": "label", "title": "Label", "endpoint": "/templates/label/{pk}/"}
    ]

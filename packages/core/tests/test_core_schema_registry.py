"""Schema registration: discovery, settings, the default alias, enabling, caching, refresh."""

import json

import pytest
from core_discovery_testapp import schemas as discovery_module
from core_discovery_testapp.graphql_requests import codes, post_graphql
from django.core import checks
from django.core.management import call_command

from rail_django.core import SchemaRegistry, schema_registry
from rail_django.core.registry import SchemaNotFound
from rail_django.core.registry.startup import prebuild_schemas, start_prebuild

INTROSPECT = "{ __schema { queryType { name } } }"


@pytest.fixture(autouse=True)
def fresh_registry():
    schema_registry.clear()
    yield
    schema_registry.clear()


def test_default_schema_always_exists():
    assert "gql" in schema_registry.names()
    assert schema_registry.get("gql").source in {"default", "settings", "discovered", "code"}


def test_apps_schemas_module_is_discovered():
    entry = schema_registry.get("discovered")
    assert entry is not None
    assert entry.source == "discovered"
    assert entry.description == "Registered by core_discovery_testapp.schemas"


def test_discovered_schema_is_served(client, db):
    response = post_graphql(client, "{ __typename }", schema="discovered")
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_settings_entries_are_registered_after_discovery(settings, client, db):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"mobile": {}, "discovered": {}}
    assert schema_registry.get("mobile").source == "settings"
    # A discovered schema is not replaced by its settings entry, only configured by it.
    assert schema_registry.get("discovered").source == "discovered"
    assert post_graphql(client, "{ __typename }", schema="mobile").status_code == 200


def test_settings_entry_overrides_code_settings(settings, client):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "discovered": {"error_handling": {"error_code_prefix": "OPS"}}
    }
    assert codes(post_graphql(client, "{ nope }", schema="discovered")) == ["OPS_VALIDATION_FAILED"]


def test_enabled_false_removes_a_schema(settings, client):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"probe": {"enabled": False}, "gql": {"enabled": False}}
    assert "probe" not in schema_registry.names()
    assert "gql" not in schema_registry.names()
    for schema in ("probe", None):
        response = post_graphql(client, "{ __typename }", schema=schema)
        assert response.status_code == 404
        assert codes(response) == ["RAIL_GQL_SCHEMA_NOT_FOUND"]


def test_default_is_an_alias_of_gql(settings, client, db):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "default": {"schema_settings": {"enable_introspection": False}}
    }
    assert "default" not in schema_registry.names()
    assert "gql" in schema_registry.names()
    for schema in ("gql", "default", None):
        response = post_graphql(client, INTROSPECT, schema=schema)
        assert codes(response) == ["RAIL_GQL_INTROSPECTION_DISABLED"], schema


def test_gql_and_default_together_is_a_check_error(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": {}, "default": {}}
    ids = [m.id for m in checks.run_checks(tags=["rail_django"])]
    assert "rail_django.E201" in ids


def test_two_schemas_answer_with_their_own_settings(settings, client, db):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "public": {
            "schema_settings": {"enable_introspection": False},
            "error_handling": {"error_code_prefix": "PUB"},
        },
        "admin": {"schema_settings": {"enable_introspection": True}},
    }
    public = post_graphql(client, INTROSPECT, schema="public")
    assert public.status_code == 400
    assert codes(public) == ["PUB_INTROSPECTION_DISABLED"]
    admin = post_graphql(client, INTROSPECT, schema="admin")
    assert admin.status_code == 200
    assert admin.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert codes(post_graphql(client, "{ nope }", schema="admin")) == ["RAIL_GQL_VALIDATION_FAILED"]


def test_schemas_are_built_once_and_cached():
    first = schema_registry.get_schema("discovered")
    assert schema_registry.get_schema("discovered") is first
    assert "discovered" in schema_registry.built_names()


def test_clear_drops_built_schemas_and_rediscovers():
    first = schema_registry.get_schema("discovered")
    calls = discovery_module.calls["count"]
    schema_registry.clear()
    assert schema_registry.built_names() == ()
    second = schema_registry.get_schema("discovered")
    assert second is not first
    assert discovery_module.calls["count"] == calls + 1


def test_schemas_registered_in_code_survive_clear(client, db):
    schema_registry.register_schema("manual", description="Registered at runtime")
    try:
        schema_registry.clear()
        assert schema_registry.get("manual").source == "code"
        assert post_graphql(client, "{ __typename }", schema="manual").status_code == 200
    finally:
        schema_registry.unregister_schema("manual")
    assert post_graphql(client, "{ __typename }", schema="manual").status_code == 404


def test_schemas_registered_after_url_import_are_served(client, db):
    assert post_graphql(client, "{ __typename }", schema="late").status_code == 404
    schema_registry.register_schema("late")
    try:
        assert post_graphql(client, "{ __typename }", schema="late").status_code == 200
    finally:
        schema_registry.unregister_schema("late")


def test_unknown_schema_raises_schema_not_found():
    with pytest.raises(SchemaNotFound):
        schema_registry.get_schema("nope")


def test_registry_is_thread_safe_builds_once():
    import threading

    built = []

    def builder(name):
        built.append(name)
        import graphene

        class Query(graphene.ObjectType):
            ok = graphene.Boolean()

        return graphene.Schema(query=Query)

    registry = SchemaRegistry(builder=builder)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(registry.get_schema("gql")))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built == ["gql"]
    assert all(result is results[0] for result in results)


def test_auto_discover_packages_when_registry_enabled(settings, client):
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_registry": {
            "enable_registry": True,
            "auto_discover_packages": ["core_discovery_testapp.extra_schemas"],
        }
    }
    assert schema_registry.get("extra") is not None
    assert post_graphql(client, "{ __typename }", schema="extra").status_code == 200


def test_auto_discover_packages_ignored_while_registry_disabled(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_registry": {"auto_discover_packages": ["core_discovery_testapp.extra_schemas"]}
    }
    assert schema_registry.get("extra") is None
    ids = [m.id for m in checks.run_checks(tags=["rail_django"])]
    assert "rail_django.W201" in ids


def test_unimportable_discover_package_is_a_check_error(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_registry": {"enable_registry": True, "auto_discover_packages": ["no.such.pkg"]}
    }
    ids = [m.id for m in checks.run_checks(tags=["rail_django"])]
    assert "rail_django.E202" in ids


def test_auto_refresh_on_migration(settings, db):
    first = schema_registry.get_schema("discovered")
    call_command("migrate", verbosity=0)
    assert "discovered" not in schema_registry.built_names()
    assert schema_registry.get_schema("discovered") is not first


def test_auto_refresh_on_migration_off_keeps_schemas(settings, db):
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"auto_refresh_on_migration": False}}
    first = schema_registry.get_schema("discovered")
    call_command("migrate", verbosity=0)
    assert schema_registry.get_schema("discovered") is first


@pytest.mark.django_db
def test_auto_refresh_on_model_change_only_in_debug(settings, django_user_model):
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"auto_refresh_on_model_change": True}}
    first = schema_registry.get_schema("discovered")
    django_user_model.objects.create(username="no-debug")
    assert schema_registry.get_schema("discovered") is first  # DEBUG is off
    settings.DEBUG = True
    first = schema_registry.get_schema("discovered")
    django_user_model.objects.create(username="debug")
    assert "discovered" not in schema_registry.built_names()


@pytest.mark.django_db
def test_model_changes_do_not_refresh_by_default(settings, django_user_model):
    settings.DEBUG = True
    first = schema_registry.get_schema("discovered")
    django_user_model.objects.create(username="x")
    assert schema_registry.get_schema("discovered") is first


def test_prebuild_on_startup_builds_without_touching_the_database(
    settings, django_assert_num_queries, db
):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "discovered": {"schema_settings": {"prebuild_on_startup": True}}
    }
    with django_assert_num_queries(0):
        assert prebuild_schemas() == ["discovered"]
    assert schema_registry.built_names() == ("discovered",)


def test_prebuild_thread_builds_once_apps_are_ready(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"prebuild_on_startup": True}}
    start_prebuild().join(timeout=60)
    assert set(schema_registry.names()) <= set(schema_registry.built_names())


def test_no_prebuild_by_default():
    assert prebuild_schemas() == []
    assert schema_registry.built_names() == ()


def test_export_command_sdl_parses_back(tmp_path):
    from graphql import build_schema

    call_command("rail_export_schema", "probe", "discovered", "--output", str(tmp_path))
    probe = build_schema((tmp_path / "probe.graphql").read_text())
    assert set(probe.query_type.fields) >= {"hello", "double", "boom"}
    assert "touch" in probe.mutation_type.fields
    assert build_schema((tmp_path / "discovered.graphql").read_text()).query_type


def test_export_command_json_parses_back(capsys):
    from graphql import build_client_schema

    call_command("rail_export_schema", "probe", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    schema = build_client_schema(data["data"])
    assert "hello" in schema.query_type.fields


def test_export_command_every_schema_to_stdout(capsys):
    from graphql import build_schema

    call_command("rail_export_schema")
    out = capsys.readouterr().out
    assert "# schema: probe" in out and "# schema: gql" in out
    chunk = out.split("# schema: probe")[1].split("# schema:")[0]
    assert "hello" in build_schema(chunk).query_type.fields


def test_export_command_unknown_schema():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Unknown schema 'nope'"):
        call_command("rail_export_schema", "nope")


def test_a_resolver_reaches_its_schemas_runtime_from_info():
    from types import SimpleNamespace

    from rail_django.contracts.schema_runtime import get_schema_runtime, runtime_of
    from rail_django.core.registry import schema_registry

    schema = schema_registry.get_schema("gql")
    info = SimpleNamespace(schema=schema.graphql_schema)  # what graphql-core hands a resolver
    assert runtime_of(info) is schema.runtime is get_schema_runtime("gql")
    assert runtime_of(SimpleNamespace(schema=None)) is None  # a schema Rail Django did not build

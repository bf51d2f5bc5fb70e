"""Persisted operations from outside: Apollo's automatic persisted queries round trip over HTTP
(and with Apollo Client's own link against a live server), and the allow-list mode that runs
only operations registered with ``manage.py rail_persisted_operations``."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import checks
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client

HELLO = "query Hello { hello }"
PROJECT = Path(__file__).parent / "apq_client"
NODE = shutil.which("node")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def post(body: dict, schema: str = "probe") -> tuple[int, dict]:
    response = Client().post(
        f"/graphql/{schema}/", json.dumps(body), content_type="application/json"
    )
    return response.status_code, response.json()


def persisted(digest: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def code(answer: dict) -> str:
    return answer["errors"][0]["extensions"]["code"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_hash_is_learnt_once_then_runs_alone():
    digest = sha(HELLO)
    status, answer = post({"extensions": persisted(digest)})
    assert status == 200
    assert answer["errors"][0]["message"] == "PersistedQueryNotFound"
    assert code(answer) == "RAIL_GQL_PERSISTED_QUERY_NOT_FOUND"
    status, answer = post({"query": HELLO, "extensions": persisted(digest)})
    assert (status, answer) == (200, {"data": {"hello": "Hello world"}})
    status, answer = post({"extensions": persisted(digest)})
    assert (status, answer) == (200, {"data": {"hello": "Hello world"}})
    # GET, as Apollo's useGETForHashedQueries sends it.
    extensions = json.dumps(persisted(digest))
    response = Client().get("/graphql/probe/", {"extensions": extensions})
    assert response.json() == {"data": {"hello": "Hello world"}}


def test_a_hash_that_is_not_the_documents_is_refused_and_not_stored():
    wrong = sha("query Other { hello }")
    status, answer = post({"query": HELLO, "extensions": persisted(wrong)})
    assert status == 400 and code(answer) == "RAIL_GQL_PERSISTED_QUERY_MISMATCH"
    assert post({"extensions": persisted(wrong)})[1]["errors"][0]["message"] == (
        "PersistedQueryNotFound"
    )


@pytest.mark.parametrize(
    "extension",
    [
        {"persistedQuery": {"version": 2, "sha256Hash": "a" * 64}},
        {"persistedQuery": {"version": 1, "sha256Hash": "not-a-hash"}},
        {"persistedQuery": {"version": 1, "sha256Hash": "A" * 64}},
        {"persistedQuery": "abc"},
    ],
)
def test_malformed_persisted_query_extensions_are_bad_requests(extension):
    status, answer = post({"extensions": extension})
    assert status == 400 and code(answer) == "RAIL_GQL_BAD_REQUEST"
    assert "persistedQuery" in answer["errors"][0]["message"]


def test_with_apq_off_a_hash_alone_is_not_supported_and_documents_still_run(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {"persisted_operations": {"enable_automatic_persisted_queries": False}}
    }
    status, answer = post({"extensions": persisted(sha(HELLO))})
    assert status == 200 and answer["errors"][0]["message"] == "PersistedQueryNotSupported"
    assert code(answer) == "RAIL_GQL_PERSISTED_QUERY_NOT_SUPPORTED"
    status, answer = post({"query": HELLO, "extensions": persisted(sha(HELLO))})
    assert answer == {"data": {"hello": "Hello world"}}
    assert post({"extensions": persisted(sha(HELLO))})[1]["errors"][0]["message"] == (
        "PersistedQueryNotSupported"
    )


def test_a_cache_outage_costs_a_round_trip_not_an_error(settings):
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {"persisted_operations": {"cache_alias": "down"}}
    }
    digest = sha(HELLO)
    assert post({"query": HELLO, "extensions": persisted(digest)})[1] == {
        "data": {"hello": "Hello world"}
    }
    assert post({"extensions": persisted(digest)})[1]["errors"][0]["message"] == (
        "PersistedQueryNotFound"
    )


@pytest.fixture
def registered(tmp_path, settings):
    """Two front-end operations registered for ``probe`` (a folder of .graphql files)."""
    source = tmp_path / "operations"
    source.mkdir()
    (source / "hello.graphql").write_text(HELLO)
    (source / "both.graphql").write_text("query Both { hello items: hello }")
    manifest = tmp_path / "operations.json"
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {
            "persisted_operations": {"allowlist_only": True, "allowlist_path": str(manifest)}
        },
    }
    call_command("rail_persisted_operations", str(source), "--schema", "probe")
    return manifest


def test_the_command_writes_an_apollo_manifest(registered):
    payload = json.loads(registered.read_text())
    assert payload["format"] == "apollo-persisted-query-manifest" and payload["version"] == 1
    by_name = {op["name"]: op for op in payload["operations"]}
    assert set(by_name) == {"Hello", "Both"}
    assert by_name["Hello"] == {"id": sha(HELLO), "name": "Hello", "type": "query", "body": HELLO}


def test_allowlist_mode_runs_registered_operations_only(registered):
    assert post({"extensions": persisted(sha(HELLO))})[1] == {"data": {"hello": "Hello world"}}
    assert post({"query": HELLO})[1] == {"data": {"hello": "Hello world"}}
    status, answer = post({"query": "query Other { hello }"})
    assert status == 400 and code(answer) == "RAIL_GQL_OPERATION_NOT_REGISTERED"
    assert answer["errors"][0]["extensions"]["category"] == "permission"
    # Registering through APQ is refused too: nothing a client sends extends the list.
    other = "query Other { hello }"
    status, answer = post({"query": other, "extensions": persisted(sha(other))})
    assert status == 400 and code(answer) == "RAIL_GQL_OPERATION_NOT_REGISTERED"
    assert code(post({"extensions": persisted(sha(other))})[1]) == (
        "RAIL_GQL_OPERATION_NOT_REGISTERED"
    )


def test_the_schema_api_lists_the_registered_operations(registered, django_user_model):
    from core_schema_api_client import manager, signed_in

    client = signed_in(manager(django_user_model))
    listed = client.get("/api/v1/schemas/probe/operations/")
    assert listed.status_code == 200
    body = listed.json()
    assert body["schema"] == "probe" and body["allowlist_only"] is True
    assert {(op["name"], op["id"]) for op in body["operations"]} == {
        ("Hello", sha(HELLO)),
        ("Both", sha("query Both { hello items: hello }")),
    }
    # A schema with no manifest lists none; anonymous callers are refused.
    assert client.get("/api/v1/schemas/gql/operations/").json()["operations"] == []
    assert Client().get("/api/v1/schemas/probe/operations/").status_code == 401


def test_allowlist_mode_is_per_schema(registered, settings):
    # The same document: refused on the allow-listed schema, run where nothing says otherwise.
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        **settings.RAIL_DJANGO_GRAPHQL_SCHEMAS,
        "discovered": {"schema_settings": {"authentication_required": False}},
    }
    status, answer = post({"query": "{ __typename }"})
    assert status == 400 and code(answer) == "RAIL_GQL_OPERATION_NOT_REGISTERED"
    status, answer = post({"query": "{ __typename }"}, schema="discovered")
    assert (status, answer) == (200, {"data": {"__typename": "Query"}})


def test_the_command_refuses_operations_the_schema_does_not_validate(tmp_path):
    source = tmp_path / "ops"
    source.mkdir()
    (source / "bad.graphql").write_text("query Bad { nope }")
    with pytest.raises(CommandError, match="Cannot query field 'nope'"):
        call_command(
            "rail_persisted_operations",
            str(source),
            "--schema",
            "probe",
            "-o",
            str(tmp_path / "m.json"),
        )
    assert not (tmp_path / "m.json").exists()


def test_the_command_refuses_a_map_whose_hash_is_not_its_document(tmp_path):
    source = tmp_path / "relay.json"
    source.write_text(json.dumps({"0" * 64: HELLO}))
    with pytest.raises(CommandError, match="is not the SHA-256 of its document"):
        call_command(
            "rail_persisted_operations",
            str(source),
            "--schema",
            "probe",
            "-o",
            str(tmp_path / "m.json"),
        )
    good = tmp_path / "good.json"
    good.write_text(json.dumps({sha(HELLO): HELLO}))
    call_command(
        "rail_persisted_operations", str(good), "--schema", "probe", "-o", str(tmp_path / "m.json")
    )
    assert [op["id"] for op in json.loads((tmp_path / "m.json").read_text())["operations"]] == [
        sha(HELLO)
    ]


def test_an_unreadable_manifest_is_an_internal_error_not_a_pass(tmp_path, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {
            "persisted_operations": {
                "allowlist_only": True,
                "allowlist_path": str(tmp_path / "missing.json"),
            }
        }
    }
    status, answer = post({"query": HELLO})
    assert status == 500 and code(answer) == "RAIL_GQL_INTERNAL_ERROR"
    [error] = [m for m in checks.run_checks(tags=["rail_django"]) if m.id == "rail_django.E204"]
    assert "missing.json does not exist" in error.msg and "'probe'" in error.msg


if NODE is None or not (PROJECT / "node_modules").is_dir():
    _skip_reason = "node or apq_client/node_modules is missing"
else:
    _skip_reason = ""


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_apollo_clients_persisted_query_link(live_server, method):
    if _skip_reason:
        if os.environ.get("CI"):
            pytest.fail(f"{_skip_reason}: required under CI", pytrace=False)
        pytest.skip(_skip_reason)
    run = subprocess.run(
        [NODE, "persisted.mjs", f"{live_server.url}/graphql/probe/", method],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    assert first["data"] == second["data"] == {"hello": "Hello world"}
    # Round 1: the hash alone, refused as unknown, then the document with its hash.
    assert len(first["requests"]) == 2
    assert "query" not in _sent(first["requests"][0])
    assert "query" in _sent(first["requests"][1])
    # Round 2: the hash alone is enough.
    [only] = second["requests"]
    assert "query" not in _sent(only)


def _sent(request: str) -> dict:
    if request.startswith("http"):
        return {key: values[0] for key, values in parse_qs(urlsplit(request).query).items()}
    return json.loads(request)

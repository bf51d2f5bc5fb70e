"""File fields over GraphQL multipart requests, with rail-django-core's own rules only.

Bodies are built byte by byte (``rail_django.testing.multipart_body``) and POSTed with Django's
test client, as apollo-upload-client sends them; what is stored is read back from MEDIA_ROOT.
The size and type limits of ``security_settings`` are tested with the security package.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from core_testapp.models import Paper
from django.conf import settings
from django.test import Client

from rail_django.contracts.upload_checks import OpenUploadCheck, upload_check
from rail_django.testing import GraphQLTestClient, multipart_body

# Transactional: a rollback must be a real one, and what it leaves on disk is the point.
pytestmark = pytest.mark.django_db(transaction=True)

CREATE = """
mutation($input: PaperCreateInput!) {
  createPaper(input: $input) { ok errors paper { id title file { name url } appendix { name } } }
}"""
UPDATE = """
mutation($id: ID!, $input: PaperUpdateInput!) {
  updatePaper(id: $id, input: $input) { ok errors paper { file { name } appendix { name } } }
}"""
BULK = """
mutation($inputs: [PaperCreateInput!]!) {
  bulkCreatePaper(inputs: $inputs) { ok errors }
}"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def open_uploads():
    """Core alone: the contracts' default check (security may be installed in this run)."""
    with upload_check.swapped(OpenUploadCheck()):
        yield


@pytest.fixture
def media() -> Path:
    """MEDIA_ROOT, emptied of what earlier tests stored."""
    root = Path(settings.MEDIA_ROOT)
    for path in sorted(root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    return root


def stored(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def gql(admin_user) -> GraphQLTestClient:
    return GraphQLTestClient(user=admin_user)


def test_a_file_field_takes_an_upload_and_a_query_reads_its_name_and_url(gql, media):
    answer = gql.upload(
        CREATE,
        {"input": {"title": "Report", "file": None}},
        {"variables.input.file": ("report.txt", b"quarterly numbers\n", "text/plain")},
    ).assert_no_errors()["createPaper"]
    assert answer["ok"] is True, answer
    assert answer["paper"]["file"]["name"] == "papers/report.txt"
    assert answer["paper"]["file"]["url"].endswith("papers/report.txt")
    assert answer["paper"]["appendix"] is None
    assert stored(media) == ["papers/report.txt"]
    assert (media / "papers/report.txt").read_bytes() == b"quarterly numbers\n"
    read = gql.execute(
        "query($id: ID!) { paper(id: $id) { file { name } } }",
        {"id": answer["paper"]["id"]},
    ).assert_no_errors()
    assert read["paper"]["file"] == {"name": "papers/report.txt"}


def test_the_file_field_is_an_upload_in_the_generated_inputs(gql):
    sdl = gql.execute(
        '{ __type(name: "PaperCreateInput") '
        "{ inputFields { name type { kind name ofType { name } } } } }"
    ).assert_no_errors()
    fields = {f["name"]: f["type"] for f in sdl["__type"]["inputFields"]}
    assert fields["file"] == {"kind": "NON_NULL", "name": None, "ofType": {"name": "Upload"}}
    assert fields["appendix"] == {"kind": "SCALAR", "name": "Upload", "ofType": None}


def test_update_replaces_a_file_and_null_clears_a_blank_one(gql, media):
    doc = Paper.objects.create(title="Old", file="papers/old.txt", appendix="appendices/a.txt")
    answer = gql.upload(
        UPDATE,
        {"id": str(doc.pk), "input": {"file": None, "appendix": None}},
        {"variables.input.file": ("new.txt", b"new", "text/plain")},
    ).assert_no_errors()["updatePaper"]
    assert answer == {
        "ok": True,
        "errors": [],
        "paper": {"file": {"name": "papers/new.txt"}, "appendix": None},
    }
    doc.refresh_from_db()
    assert doc.file.name == "papers/new.txt" and doc.appendix.name == ""


def test_a_validation_error_elsewhere_stores_nothing(gql, media):
    answer = gql.upload(
        CREATE,
        {"input": {"title": "x", "file": None}},
        {"variables.input.file": ("report.txt", b"numbers", "text/plain")},
    ).assert_no_errors()["createPaper"]
    assert answer["ok"] is False
    assert [e["field"] for e in answer["errors"]] == ["title"]
    assert stored(media) == [] and Paper.objects.count() == 0


def test_a_failing_bulk_item_rolls_back_and_deletes_the_files_already_stored(gql, media, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"generate_bulk": True}}
    files = {
        "variables.inputs.0.file": ("one.txt", b"one", "text/plain"),
        "variables.inputs.1.file": ("two.txt", b"two", "text/plain"),
        "variables.inputs.2.file": ("three.txt", b"three", "text/plain"),
    }
    inputs = [
        {"title": "One", "file": None},
        {"title": "Two", "file": None},
        {"title": "3", "file": None},  # too short: fails after two rows stored their files
    ]
    answer = gql.upload(BULK, {"inputs": inputs}, files).assert_no_errors()["bulkCreatePaper"]
    assert answer["ok"] is False
    assert [e["field"] for e in answer["errors"]] == ["inputs.2.title"]
    assert Paper.objects.count() == 0
    assert stored(media) == []


def test_a_request_scoped_transaction_that_fails_deletes_earlier_files(gql, media, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"transaction_scope": "request"}}
    query = """
    mutation($a: PaperCreateInput!, $b: PaperCreateInput!) {
      first: createPaper(input: $a) { ok }
      second: createPaper(input: $b) { ok errors }
    }"""
    answer = gql.upload(
        query,
        {"a": {"title": "Fine", "file": None}, "b": {"title": "x", "file": None}},
        {
            "variables.a.file": ("fine.txt", b"fine", "text/plain"),
            "variables.b.file": ("bad.txt", b"bad", "text/plain"),
        },
    ).assert_no_errors()
    assert answer["first"] == {"ok": True} and answer["second"]["ok"] is False
    assert Paper.objects.count() == 0
    assert stored(media) == []


def test_one_file_part_can_fill_several_paths(gql, media):
    body, content_type = multipart_body(
        {
            "query": CREATE,
            "variables": {"input": {"title": "Twice", "file": None, "appendix": None}},
        },
        {"0": ["variables.input.file", "variables.input.appendix"]},
        {"0": ("same.txt", b"same", "text/plain")},
    )
    http = gql.client.post("/graphql/", data=body, content_type=content_type)
    payload = http.json()["data"]["createPaper"]
    assert payload["ok"] is True
    assert stored(media) == ["appendices/same.txt", "papers/same.txt"]


def _post(client: Client, operations, file_map, files, **headers):
    body, content_type = multipart_body(operations, file_map, files)
    return client.post("/graphql/", data=body, content_type=content_type, headers=headers)


def _code(http) -> str:
    return http.json()["errors"][0]["extensions"]["code"]


@pytest.mark.parametrize(
    ("operations", "file_map", "code"),
    [
        ("{not json", {"0": ["variables.input.file"]}, "RAIL_GQL_INVALID_MULTIPART"),
        (
            {"query": CREATE, "variables": {"input": {"title": "Ab", "file": None}}},
            "[oops",
            "RAIL_GQL_INVALID_MULTIPART",
        ),
        (
            {"query": CREATE, "variables": {"input": {"title": "Ab", "file": None}}},
            ["x"],
            "RAIL_GQL_INVALID_MULTIPART",
        ),
        (
            {"query": CREATE, "variables": {"input": {"title": "Ab", "file": None}}},
            {"0": "variables.input.file"},
            "RAIL_GQL_INVALID_MULTIPART",
        ),
        (
            {"query": CREATE, "variables": {"input": {"title": "Ab", "file": None}}},
            {"9": ["variables.input.file"]},
            "RAIL_GQL_INVALID_MULTIPART",
        ),
        (
            {"query": CREATE, "variables": {"input": {"title": "Ab", "file": None}}},
            {"0": ["input.file"]},
            "RAIL_GQL_INVALID_MULTIPART",
        ),
        (
            {"query": CREATE, "variables": {"input": {"title": "Ab", "file": None}}},
            {"0": ["variables.nope.file"]},
            "RAIL_GQL_INVALID_MULTIPART",
        ),
        (
            {"query": CREATE, "variables": {"input": {"title": "Ab", "file": "x"}}},
            {"0": ["variables.input.file"]},
            "RAIL_GQL_INVALID_MULTIPART",
        ),
        ([{"query": CREATE}], {"0": ["variables.input.file"]}, "RAIL_GQL_BAD_REQUEST"),
        # The map points at a variable that is no Upload.
        (
            {"query": CREATE, "variables": {"input": {"title": None, "file": None}}},
            {"0": ["variables.input.title"]},
            "RAIL_GQL_UPLOAD_NOT_ACCEPTED",
        ),
        # An operation with no Upload variable at all, and an empty map.
        ({"query": "{ papers { title } }", "variables": {}}, {}, "RAIL_GQL_UPLOAD_NOT_ACCEPTED"),
        (
            {
                "query": "query($x: Boolean!) { papers { title @include(if: $x) } }",
                "variables": {"x": None},
            },
            {"0": ["variables.x"]},
            "RAIL_GQL_UPLOAD_NOT_ACCEPTED",
        ),
    ],
)
def test_a_malformed_or_misdirected_multipart_request_is_refused_with_a_code(
    admin_user, media, operations, file_map, code
):
    client = Client()
    client.force_login(admin_user)
    http = _post(client, operations, file_map, {"0": ("a.txt", b"a", "text/plain")})
    assert http.status_code == 400, http.content
    assert _code(http) == code
    assert stored(media) == [] and Paper.objects.count() == 0


def test_deeply_nested_json_is_a_client_error(admin_user):
    client = Client()
    client.force_login(admin_user)
    deep = "[" * 100_000 + "]" * 100_000
    multipart = _post(client, deep, {"0": ["variables.input.file"]}, {})
    assert multipart.status_code == 400 and _code(multipart) == "RAIL_GQL_INVALID_MULTIPART"
    plain = client.post("/graphql/", data=deep, content_type="application/json")
    assert plain.status_code == 400 and _code(plain) == "RAIL_GQL_BAD_REQUEST"


def test_an_upload_cannot_come_from_json(gql):
    answer = gql.execute(CREATE, {"input": {"title": "Ab", "file": "papers/passwd"}})
    assert answer.status_code == 400
    assert answer.error_codes == ["RAIL_GQL_INVALID_ARGUMENT"]


def test_other_form_bodies_stay_refused(admin_user):
    client = Client()
    client.force_login(admin_user)
    http = client.post(
        "/graphql/",
        data="query={ papers { title } }",
        content_type="application/x-www-form-urlencoded",
    )
    assert http.status_code == 415


def test_a_cookie_multipart_request_needs_the_csrf_token(admin_user, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    operations = {"query": CREATE, "variables": {"input": {"title": "Ab", "file": None}}}
    parts = ({"0": ["variables.input.file"]}, {"0": ("a.txt", b"a", "text/plain")})
    refused = _post(client, operations, *parts)
    assert refused.status_code == 403 and _code(refused) == "RAIL_GQL_PERMISSION_DENIED"
    assert stored(media) == []
    client.get("/graphql/", headers={"Accept": "text/html"})  # any page that sets the cookie
    token = _csrf_token(client)
    accepted = _post(client, operations, *parts, **{"X-CSRFToken": token})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["data"]["createPaper"]["ok"] is True


def _csrf_token(client: Client) -> str:
    from django.middleware.csrf import _get_new_csrf_string

    if "csrftoken" not in client.cookies:
        client.cookies["csrftoken"] = _get_new_csrf_string()
    return client.cookies["csrftoken"].value


def test_a_body_over_the_cap_is_refused_before_it_is_read(gql, media, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    answer = gql.upload(
        CREATE,
        {"input": {"title": "Big", "file": None}},
        {"variables.input.file": ("big.txt", b"x" * 10_000, "text/plain")},
    )
    assert answer.status_code == 413 and answer.error_codes == ["RAIL_GQL_PAYLOAD_TOO_LARGE"]
    assert stored(media) == []


def test_too_many_files_are_refused(gql, media, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"generate_bulk": True}}
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = {f"variables.inputs.{i}.file": (f"{i}.txt", b"x", "text/plain") for i in range(3)}
    inputs = [{"title": f"Doc {i}", "file": None} for i in range(3)]
    answer = gql.upload(BULK, {"inputs": inputs}, files)
    assert answer.status_code == 400 and answer.error_codes == ["RAIL_GQL_TOO_MANY_FILES"]
    assert stored(media) == [] and Paper.objects.count() == 0


def test_large_files_stream_to_temporary_files(gql, media, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    content = os.urandom(300_000)
    answer = gql.upload(
        CREATE,
        {"input": {"title": "Large", "file": None}},
        {"variables.input.file": ("large.bin", content, "application/octet-stream")},
    ).assert_no_errors()["createPaper"]
    assert answer["ok"] is True
    assert (media / "papers/large.bin").read_bytes() == content

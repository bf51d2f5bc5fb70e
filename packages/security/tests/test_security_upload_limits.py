"""``max_file_upload_size`` and ``allowed_file_types`` on real multipart requests.

Files are sent as apollo-upload-client sends them (``rail_django.testing.multipart_body`` builds
the body byte by byte) through Django's test client; what is stored is read back from
MEDIA_ROOT. The type is judged by content: a PNG renamed ``.pdf`` and an executable renamed
``.png`` are refused.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation
from PIL import Image
from security_auth_client import PASSWORD, login
from security_testapp.models import Scan

from rail_django.contracts.settings_registry import check_settings
from rail_django.testing import GraphQLTestClient, multipart_body

pytestmark = pytest.mark.django_db(transaction=True)

CREATE = """
mutation($input: ScanCreateInput!) {
  createScan(input: $input) { ok errors scan { label image { name url } attachment { name } } }
}"""
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


def png(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media() -> Path:
    root = Path(django_settings.MEDIA_ROOT)
    for path in sorted(root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    return root


def stored(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)


@pytest.fixture
def gql(admin) -> GraphQLTestClient:
    return GraphQLTestClient(user=admin)


def security(settings, **values) -> None:
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": values}


def create(gql: GraphQLTestClient, files: dict, label: str = "Scan") -> dict:
    variables = {"input": {"label": label, **{path.split(".")[-1]: None for path in files}}}
    return gql.upload(CREATE, variables, files).assert_no_errors()["createScan"]


def errors(payload: dict) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


def test_an_image_and_a_pdf_within_the_defaults_are_stored(gql, media):
    payload = create(
        gql,
        {
            "variables.input.image": ("photo.PNG", png(), "image/png"),
            "variables.input.attachment": ("terms.pdf", PDF, "application/pdf"),
        },
    )
    assert payload["ok"] is True, payload
    assert payload["scan"]["image"]["name"] == "scans/photo.PNG"
    assert stored(media) == ["scans/photo.PNG", "scans/terms.pdf"]
    assert (media / "scans/terms.pdf").read_bytes() == PDF


def test_a_png_renamed_pdf_is_refused_when_only_pdf_is_allowed(gql, media, settings):
    security(settings, allowed_file_types=[".pdf"])
    payload = create(gql, {"variables.input.attachment": ("invoice.pdf", png(), "application/pdf")})
    assert payload["ok"] is False
    assert errors(payload) == [("attachment", "RAIL_GQL_FILE_TYPE_NOT_ALLOWED")]
    assert "not .pdf content" in payload["errors"][0]["message"]
    assert stored(media) == [] and Scan.objects.count() == 0


@pytest.mark.parametrize("field", ["image", "attachment"])
def test_an_executable_named_as_an_image_is_refused(gql, media, field):
    payload = create(gql, {f"variables.input.{field}": ("cat.png", EXE, "image/png")})
    assert errors(payload) == [(field, "RAIL_GQL_FILE_TYPE_NOT_ALLOWED")]
    assert stored(media) == []


def test_an_extension_outside_the_list_is_refused_whatever_its_content(gql, media):
    payload = create(gql, {"variables.input.attachment": ("setup.exe", EXE, "image/png")})
    assert errors(payload) == [("attachment", "RAIL_GQL_FILE_TYPE_NOT_ALLOWED")]
    message = payload["errors"][0]["message"]
    assert ".exe" in message and ".jpg, .jpeg, .png, .pdf, .txt" in message
    no_extension = create(gql, {"variables.input.attachment": ("README", b"hello", "text/plain")})
    assert errors(no_extension) == [("attachment", "RAIL_GQL_FILE_TYPE_NOT_ALLOWED")]
    assert stored(media) == []


def test_text_must_be_text(gql, media):
    refused = create(gql, {"variables.input.attachment": ("notes.txt", EXE, "text/plain")})
    assert errors(refused) == [("attachment", "RAIL_GQL_FILE_TYPE_NOT_ALLOWED")]
    accepted = create(
        gql, {"variables.input.attachment": ("notes.txt", "Café au lait\n".encode(), "text/plain")}
    )
    assert accepted["ok"] is True
    assert stored(media) == ["scans/notes.txt"]


def test_an_image_field_refuses_a_broken_image_a_file_field_keeps_it(gql, media):
    broken = png()[:40]  # PNG's signature, then the image cut short
    refused = create(gql, {"variables.input.image": ("cut.png", broken, "image/png")})
    assert errors(refused) == [("image", "RAIL_GQL_FILE_TYPE_NOT_ALLOWED")]
    kept = create(gql, {"variables.input.attachment": ("cut.png", broken, "image/png")})
    assert kept["ok"] is True
    assert stored(media) == ["scans/cut.png"]


def test_an_oversized_file_is_a_field_error_and_never_reaches_the_disk(gql, media, settings):
    security(settings, max_file_upload_size=1000)
    payload = create(
        gql,
        {
            "variables.input.image": ("small.png", png(), "image/png"),
            "variables.input.attachment": ("big.txt", b"a" * 5000, "text/plain"),
        },
    )
    assert payload["ok"] is False
    assert errors(payload) == [("attachment", "RAIL_GQL_FILE_TOO_LARGE")]
    assert payload["errors"][0]["message"] == "The file is larger than 1000\xa0bytes."
    assert stored(media) == [] and Scan.objects.count() == 0
    exactly = create(gql, {"variables.input.attachment": ("limit.txt", b"a" * 1000, "text/plain")})
    assert exactly["ok"] is True


def test_a_request_over_its_files_budget_is_refused_before_it_is_read(gql, media, settings):
    security(settings, max_file_upload_size=1000)
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    answer = gql.upload(
        CREATE,
        {"input": {"label": "Big", "attachment": None}},
        {"variables.input.attachment": ("big.txt", b"a" * 10_000, "text/plain")},
    )
    assert answer.status_code == 413 and answer.error_codes == ["RAIL_GQL_PAYLOAD_TOO_LARGE"]
    assert stored(media) == []


def test_refusals_are_translated(gql, media, settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(2, "django.middleware.locale.LocaleMiddleware")
    settings.MIDDLEWARE = middleware
    try:
        answer = gql.upload(
            CREATE,
            {"input": {"label": "Scan", "attachment": None}},
            {"variables.input.attachment": ("setup.exe", EXE, "application/octet-stream")},
            headers={"Accept-Language": "fr"},
        ).assert_no_errors()["createScan"]
    finally:
        translation.deactivate()
    assert answer["errors"][0]["code"] == "RAIL_GQL_FILE_TYPE_NOT_ALLOWED"
    assert answer["errors"][0]["message"].startswith("Les fichiers de type .exe")


def test_the_limits_apply_per_schema(gql, media, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "strict": {"security_settings": {"allowed_file_types": [".pdf"]}}
    }
    files = {"variables.input.attachment": ("a.txt", b"text", "text/plain")}
    variables = {"input": {"label": "Scan", "attachment": None}}
    strict = gql.upload(CREATE, variables, files, schema="strict").assert_no_errors()
    assert errors(strict["createScan"]) == [("attachment", "RAIL_GQL_FILE_TYPE_NOT_ALLOWED")]
    assert gql.upload(CREATE, variables, files).assert_no_errors()["createScan"]["ok"] is True


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"allowed_file_types": ["pdf"]}, "allowed_file_types"),
        ({"allowed_file_types": [".pdf", 3]}, "allowed_file_types"),
        ({"max_file_upload_size": 0}, "max_file_upload_size"),
    ],
)
def test_bad_values_are_system_check_errors(settings, values, words):
    security(settings, **values)
    messages = [m.msg for m in check_settings() if m.level >= 40]
    assert any(words in message for message in messages), messages


def _multipart(client: Client, token: str | None = None, **headers):
    body, content_type = multipart_body(
        {"query": CREATE, "variables": {"input": {"label": "Scan", "attachment": None}}},
        {"0": ["variables.input.attachment"]},
        {"0": ("a.txt", b"text", "text/plain")},
    )
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.post("/graphql/", data=body, content_type=content_type, headers=headers)


def test_a_session_multipart_request_needs_the_csrf_token(admin, media):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)
    refused = _multipart(browser)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "RAIL_GQL_PERMISSION_DENIED"
    assert stored(media) == [] and Scan.objects.count() == 0


def test_a_bearer_multipart_request_needs_no_csrf_token(admin, media):
    token = login(Client(), "root")["token"]
    app = Client(enforce_csrf_checks=True)
    answer = _multipart(app, token)
    assert answer.status_code == 200, answer.content
    assert answer.json()["data"]["createScan"]["ok"] is True
    # With cookies too (a browser tab that also holds a session): the header is the proof.
    app.force_login(admin)
    assert _multipart(app, token).status_code == 200
    assert len(stored(media)) == Scan.objects.count() == 2

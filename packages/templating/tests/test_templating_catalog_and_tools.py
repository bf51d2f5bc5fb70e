"""The catalog, the preview, core's ``modelSchema { templates }``, ``manage.py render_pdf`` and
the Python API."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from templating_http import error_code, open_pdf, text_of

from rail_django.core import schema_registry
from rail_django.extensions.templating import PdfBuilder, render_pdf
from rail_django.extensions.templating.openapi import openapi_paths

pytestmark = pytest.mark.django_db


def _keys(response):
    return [entry["key"] for entry in response.json()["templates"]]


def test_catalog_lists_what_the_user_may_render(client, users):
    client.force_login(users["carol"])
    carol = client.get("/api/templates/catalog/")
    assert carol.status_code == 200
    entry = next(e for e in carol.json()["templates"] if e["key"].endswith("download_invoice"))
    assert entry == {
        "key": "templating_testapp/pdfinvoice/download_invoice",
        "title": "Invoice",
        "model": "templating_testapp.PdfInvoice",
        "endpoint": "/api/templates/templating_testapp/pdfinvoice/download_invoice/{pk}/",
        "parameters": ["pk", "async"],
    }
    assert "templating_testapp/pdfinvoice/stamped_copy" in _keys(carol)
    assert "invoices/print" in _keys(carol)
    client.force_login(users["alice"])  # no accounting role: the stamped copy is left out
    alice = _keys(client.get("/api/templates/catalog/"))
    assert "templating_testapp/pdfinvoice/download_invoice" in alice
    assert "templating_testapp/pdfinvoice/stamped_copy" not in alice
    client.force_login(users["nobody"])  # no view permission: only function templates
    assert not any(
        k.startswith("templating_testapp/") for k in _keys(client.get("/api/templates/catalog/"))
    )


def test_catalog_needs_authentication_and_can_be_turned_off(client, users, settings):
    assert client.get("/api/templates/catalog/").status_code == 401
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {"enable_catalog": False}
    client.force_login(users["alice"])
    off = client.get("/api/templates/catalog/")
    assert off.status_code == 404 and error_code(off) == "RAIL_GQL_NOT_FOUND"


def test_preview_is_off_by_default_and_escapes_when_on(client, users, invoices, settings):
    key = "templating_testapp/pdfinvoice/download_invoice"
    url = f"/api/templates/preview/{key}/{invoices['alice'].pk}/"
    client.force_login(users["alice"])
    off = client.get(url)
    assert off.status_code == 404 and off["Content-Type"] == "application/json"
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {
        "enable_preview": True,
        "rate_limit": {"enable": False},
    }
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "&lt;b&gt;ACME&lt;/b&gt; &amp; Co" in html and "<b>ACME</b>" not in html
    other = client.get(url.replace(str(invoices["alice"].pk), str(invoices["bob"].pk)))
    assert other.status_code == 404 and error_code(other) == "RAIL_GQL_NOT_FOUND"


def test_model_metadata_lists_the_models_templates(client, users, settings):
    settings.TEMPLATING_TESTS_EXPOSE = True
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"show_metadata": True}}
    schema_registry.clear()
    try:
        client.force_login(users["boss"])
        query = (
            '{ modelSchema(app: "templating_testapp", model: "PdfInvoice")'
            " { templates { key title endpoint } } }"
        )
        response = client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json"
        )
        body = response.json()
    finally:
        settings.TEMPLATING_TESTS_EXPOSE = False
        schema_registry.clear()
    assert "errors" not in body, body
    templates = body["data"]["modelSchema"]["templates"]
    assert {
        "key": "templating_testapp/pdfinvoice/download_invoice",
        "title": "Invoice",
        "endpoint": "/api/templates/templating_testapp/pdfinvoice/download_invoice/{pk}/",
    } in templates
    assert len(templates) == 3


def test_render_pdf_command_writes_the_file(invoices, users, tmp_path):
    out = tmp_path / "out.pdf"
    call_command(
        "render_pdf",
        "templating_testapp/pdfinvoice/download_invoice",
        "--pk",
        str(invoices["bob"].pk),
        "--output",
        str(out),
    )
    assert "Invoice INV-2" in text_of(open_pdf(out.read_bytes()))


def test_render_pdf_command_as_a_user_applies_their_scope(invoices, users, tmp_path):
    out = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match="NOT_FOUND"):
        call_command(
            "render_pdf",
            "templating_testapp/pdfinvoice/download_invoice",
            "--pk",
            str(invoices["bob"].pk),
            "--output",
            str(out),
            "--user",
            "alice",
        )
    assert not out.exists()
    call_command(
        "render_pdf",
        "templating_testapp/pdfinvoice/download_invoice",
        "--pk",
        str(invoices["alice"].pk),
        "--output",
        str(out),
        "--user",
        "alice",
    )
    assert "Prepared for alice" in text_of(open_pdf(out.read_bytes()))


def test_render_pdf_command_unknown_template_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such document template"):
        call_command(
            "render_pdf", "nope/nope/nope", "--pk", "1", "--output", str(tmp_path / "x.pdf")
        )


def test_python_api_renders_with_page_config(invoices):
    pdf = render_pdf(
        "pdf/invoice.html",
        {"object": invoices["alice"], "lines": list(invoices["alice"].lines.all())},
        config={"page_size": "A5"},
        title="Invoice INV-1",
    )
    reader = open_pdf(pdf)
    assert round(float(reader.pages[0].mediabox.width)) == 420
    assert reader.metadata.title == "Invoice INV-1"
    built = (
        PdfBuilder()
        .template("pdf/raw.html")
        .context(body="<h2>Built</h2>")
        .config(page_size="letter")
        .build()
    )
    reader = open_pdf(built)
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert "Built" in text_of(reader)


def test_a_css_injection_through_page_config_is_refused():
    from rail_django.extensions.templating import TemplatingError

    with pytest.raises(TemplatingError) as raised:
        PdfBuilder().html("<p>x</p>").config(
            margin="0 } body { background: url(file:///etc/passwd)"
        ).build()
    assert raised.value.code == "PDF_RENDER_FAILED"


def test_openapi_paths_describe_every_endpoint():
    paths = openapi_paths()
    assert set(paths) == {
        "/api/templates/{template}/{pk}/",
        "/api/templates/catalog/",
        "/api/templates/preview/{template}/{pk}/",
        "/api/templates/jobs/{job_id}/",
        "/api/templates/jobs/{job_id}/download/",
    }
    render = paths["/api/templates/{template}/{pk}/"]["get"]
    assert {"200", "202", "401", "403", "404", "422", "429"} <= set(render["responses"])

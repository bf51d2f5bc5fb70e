"""``GET /api/templates/<app>/<model>/<method>/<pk>/``: who gets which PDF, and what is in it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from templating_http import error_code, open_pdf, pdf_url, text_of

pytestmark = pytest.mark.django_db


def test_owner_downloads_their_invoice_as_a_pdf(client, invoices, users, django_assert_num_queries):
    client.force_login(users["alice"])
    # session + user, the view permission (user and group perms), the scoped row, its lines.
    with django_assert_num_queries(6):
        response = client.get(pdf_url(invoices["alice"]))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    reader = open_pdf(response)
    text = text_of(reader)
    assert "Invoice INV-1" in text
    assert "Item 2 of INV-1" in text and "Prepared for alice" in text
    # Autoescaping stays on: the markup in the data is printed, not interpreted.
    assert "<b>ACME</b> & Co" in text
    assert reader.metadata.title == "Invoice"
    # default_template_config: A4 (595 x 842 pt) and the page number in the margin.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "1 / 1" in text


def test_a_row_outside_the_scope_is_not_found_like_a_missing_row(client, invoices, users):
    client.force_login(users["alice"])
    other = client.get(pdf_url(invoices["bob"]))
    missing = client.get("/api/templates/templating_testapp/pdfinvoice/download_invoice/999999/")
    malformed = client.get("/api/templates/templating_testapp/pdfinvoice/download_invoice/abc/")
    for response in (other, missing, malformed):
        assert response.status_code == 404
        assert error_code(response) == "RAIL_GQL_NOT_FOUND"
    assert other.json() == missing.json()


def test_staff_see_every_row(client, invoices, users):
    client.force_login(users["boss"])
    response = client.get(pdf_url(invoices["bob"]))
    assert response.status_code == 200
    assert "Bob's shop" in text_of(open_pdf(response))


def test_anonymous_and_unpermitted_users_are_refused(client, invoices, users):
    anonymous = client.get(pdf_url(invoices["alice"]))
    assert anonymous.status_code == 401
    assert error_code(anonymous) == "RAIL_GQL_UNAUTHENTICATED"
    client.force_login(users["nobody"])  # no view permission on invoices
    refused = client.get(pdf_url(invoices["alice"]))
    assert refused.status_code == 403
    assert error_code(refused) == "RAIL_GQL_PERMISSION_DENIED"


def test_unknown_template_is_not_found(client, users):
    client.force_login(users["alice"])
    response = client.get("/api/templates/templating_testapp/pdfinvoice/delete/1/")
    assert response.status_code == 404
    assert error_code(response) == "RAIL_GQL_NOT_FOUND"


def test_a_template_role_is_required_on_top_of_the_view_permission(client, invoices, users):
    client.force_login(users["boss"])  # staff, but not in the accounting group
    assert client.get(pdf_url(invoices["alice"], "stamped_copy")).status_code == 403


def test_long_tables_paginate_with_repeated_headers_and_the_templates_own_page(
    client, invoices, users
):
    from templating_testapp.models import PdfInvoiceLine

    invoice = invoices["alice"]
    PdfInvoiceLine.objects.bulk_create(
        PdfInvoiceLine(invoice=invoice, description=f"Row {n}", amount=Decimal(n))
        for n in range(120)
    )
    client.force_login(users["alice"])
    reader = open_pdf(client.get(pdf_url(invoice, "line_report")))
    assert len(reader.pages) > 3
    # The template's own @page (A5 landscape) wins over default_template_config's A4.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 420)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Description" in text, f"page {number} lost the table header"
        assert f"{number} / {len(reader.pages)}" in text


def test_function_template_receives_the_pk_and_the_user(client, users):
    client.force_login(users["bob"])
    response = client.get("/api/templates/invoices/print/42/")
    assert response.status_code == 200
    text = text_of(open_pdf(response))
    assert "Summary SUM-42" in text and "For bob" in text


def test_rendering_is_rate_limited_per_user(client, invoices, users, settings):
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {
        "rate_limit": {"enable": True, "limit": 2, "window_seconds": 3600}
    }
    client.force_login(users["alice"])
    url = "/api/templates/invoices/print/1/"
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert error_code(refused) == "RAIL_GQL_RATE_LIMITED"
    assert int(refused["Retry-After"]) > 0
    client.force_login(users["bob"])  # another user has their own budget
    assert client.get(url).status_code == 200


def test_wkhtmltopdf_selected_and_absent_is_a_clear_error(client, invoices, users, settings):
    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {
        "renderer": "wkhtmltopdf",
        "wkhtmltopdf_path": "wkhtmltopdf-not-installed-here",
        "rate_limit": {"enable": False},
    }
    client.force_login(users["alice"])
    response = client.get(pdf_url(invoices["alice"]))
    assert response.status_code == 503
    assert error_code(response) == "RAIL_GQL_PDF_RENDERER_UNAVAILABLE"
    assert "wkhtmltopdf" in response.json()["errors"][0]["message"]

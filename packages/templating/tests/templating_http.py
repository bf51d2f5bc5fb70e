"""Helpers of the templating tests: URLs and PDFs opened with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_url(invoice, method="download_invoice"):
    return f"/api/templates/templating_testapp/pdfinvoice/{method}/{invoice.pk}/"


def open_pdf(response_or_bytes, password=None):
    data = getattr(response_or_bytes, "content", response_or_bytes)
    assert data[:5] == b"%PDF-", data[:200]
    reader = PdfReader(io.BytesIO(data))
    if password is not None:
        reader.decrypt(password)
    return reader


def text_of(reader):
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def error_code(response):
    return response.json()["errors"][0]["extensions"]["code"]

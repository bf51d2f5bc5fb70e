"""Watermarks, page stamps, AES-256 encryption (pypdf) and PAdES signatures (pyHanko)."""

from __future__ import annotations

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pypdf.constants import UserAccessPermissions
from templating_http import open_pdf, pdf_url, text_of

from rail_django.extensions.templating import PdfBuilder, render_pdf

ROWS = "".join(f"<p>Paragraph {n}</p>" for n in range(140))


def test_watermark_and_page_stamps_on_every_page():
    pdf = (
        PdfBuilder()
        .html(f"<html><body>{ROWS}</body></html>")
        .watermark("DRAFT")
        .page_stamp("Page {page} of {pages} - {reference}", reference="INV-7")
        .build()
    )
    reader = open_pdf(pdf)
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "DRAFT" in text
        assert f"Page {number} of {total} - INV-7" in text


def test_encryption_is_aes_256_and_allows_printing_only():
    pdf = (
        PdfBuilder()
        .html("<p>Secret</p>")
        .encrypt(owner_password="owner", permissions=["print"])
        .build()
    )
    reader = open_pdf(pdf)
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    # V5 / R6 with the AESV3 crypt filter is AES-256 (pypdf's default would be RC4).
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    assert reader.decrypt("") != 0  # empty user password: opens without one
    permissions = reader.user_access_permissions
    assert permissions & UserAccessPermissions.PRINT
    assert not permissions & UserAccessPermissions.EXTRACT
    assert not permissions & UserAccessPermissions.MODIFY
    assert "Secret" in text_of(reader)


def test_unknown_permission_and_bad_stamp_are_precise_errors():
    from rail_django.extensions.templating import TemplatingError

    with pytest.raises(TemplatingError) as raised:
        PdfBuilder().html("<p>x</p>").encrypt(permissions=["everything"]).build()
    assert raised.value.code == "INVALID_ARGUMENT"
    with pytest.raises(TemplatingError) as raised:
        PdfBuilder().html("<p>x</p>").page_stamp("{secret}").build()
    assert raised.value.code == "INVALID_ARGUMENT"


@pytest.mark.django_db
def test_a_template_declares_its_post_processing(client, invoices, users):
    client.force_login(users["carol"])  # in the accounting role the template requires
    invoice = invoices["alice"]
    invoice.owner = users["carol"]
    invoice.save()
    response = client.get(pdf_url(invoice, "stamped_copy"))
    assert response.status_code == 200
    reader = open_pdf(response)
    assert reader.is_encrypted and reader.decrypt("") != 0
    text = text_of(reader)
    assert "CONFIDENTIAL" in text and "Page 1 of 1 - REF-9" in text and "Invoice INV-1" in text


# -- signatures ------------------------------------------------------------------------------


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificates(folder):
    """A test CA and a signing certificate it issued, written as PEM files."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Rail Test CA"))
        .issuer_name(_name("Rail Test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Rail Test Signer"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = {"key": folder / "signer.key", "cert": folder / "signer.pem", "ca": folder / "ca.pem"}
    paths["key"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"pass"),
        )
    )
    paths["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return paths, ca


def _validate(pdf, ca_path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    (signature,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_path))])
    return signature, validate_pdf_signature(signature, context)


def test_signed_pdf_validates_and_breaks_when_a_byte_changes(tmp_path):
    paths, _ = _certificates(tmp_path)
    pdf = render_pdf(
        "pdf/raw.html",
        {"body": "<h1>Signed contract</h1>"},
        post_processing={
            "signature": {
                "key_path": str(paths["key"]),
                "cert_path": str(paths["cert"]),
                "passphrase": "pass",
                "reason": "Approved",
            }
        },
    )
    signature, status = _validate(pdf, paths["ca"])
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert status.signing_cert.subject.native["common_name"] == "Rail Test Signer"
    assert "Signed contract" in text_of(open_pdf(pdf))

    # One changed byte inside the signed range (the page content) breaks the signature.
    position = pdf.index(b"stream") + 20
    tampered = pdf[:position] + bytes([pdf[position] ^ 0xFF]) + pdf[position + 1 :]
    _, broken = _validate(tampered, paths["ca"])
    # The signer's own signature still verifies; the document it covers no longer matches.
    assert not broken.intact and not broken.bottom_line

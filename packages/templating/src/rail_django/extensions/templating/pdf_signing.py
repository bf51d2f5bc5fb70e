"""PAdES signatures with pyHanko (the ``signing`` extra).

``signature`` options: ``key_path`` + ``cert_path`` (PEM or DER) or ``pkcs12_path``,
``passphrase``, ``field_name`` ("Signature1"), ``reason``, ``location``, and ``timestamp_url``
for PAdES B-T (a timestamp from that RFC 3161 server); without it the signature is PAdES B-B.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode
from rail_django.extensions.templating.render_errors import TemplatingError


def _signer(options: Mapping[str, Any]) -> Any:
    from pyhanko.sign import signers

    passphrase = options.get("passphrase")
    secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
    if options.get("pkcs12_path"):
        signer = signers.SimpleSigner.load_pkcs12(options["pkcs12_path"], passphrase=secret)
    elif options.get("key_path") and options.get("cert_path"):
        signer = signers.SimpleSigner.load(
            options["key_path"], options["cert_path"], key_passphrase=secret
        )
    else:
        signer = None
    if signer is None:
        raise TemplatingError(
            _("The signature needs key_path and cert_path, or pkcs12_path, that can be read."),
            ErrorCode.PDF_RENDER_FAILED,
        )
    return signer


def sign_pdf(pdf: bytes, options: Mapping[str, Any]) -> bytes:
    """``pdf`` with a PAdES signature (B-T when ``timestamp_url`` is set)."""
    try:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers, timestamps
    except ImportError:
        raise TemplatingError(
            _("Signing PDFs needs pyHanko: pip install 'rail-django-templating[signing]'."),
            ErrorCode.PDF_RENDERER_UNAVAILABLE,
        ) from None
    metadata = signers.PdfSignatureMetadata(
        field_name=options.get("field_name", "Signature1"),
        reason=options.get("reason"),
        location=options.get("location"),
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    timestamper = None
    if options.get("timestamp_url"):
        timestamper = timestamps.HTTPTimeStamper(options["timestamp_url"])
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        metadata,
        signer=_signer(options),
        timestamper=timestamper,
        output=io.BytesIO(),
    )
    return out.getvalue()

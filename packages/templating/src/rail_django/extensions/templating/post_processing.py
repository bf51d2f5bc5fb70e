"""What happens to a PDF after it is rendered: watermark, page stamps, encryption (pypdf).

Options come from ``post_processing`` in the settings, overridden per template:

- ``watermark``: ``{"text": "DRAFT"}`` or ``{"image": "/static/logo.png"}``, with ``opacity``
  (0.15) and ``font_size`` (72);
- ``page_stamp``: ``{"text": "Page {page} of {pages} - {reference}", "reference": "INV-1"}``;
- ``encryption``: ``{"owner_password": ..., "user_password": "", "permissions": ["print"]}``,
  always AES-256 (pypdf's default would be RC4). Without ``owner_password`` a random one is
  made, so nobody can lift the restrictions.

Overlays are drawn by WeasyPrint through the same deny-by-default fetcher, so an image
watermark obeys the same rules as the template.
"""

from __future__ import annotations

import html
import io
import secrets
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode
from rail_django.extensions.templating.render_errors import TemplatingError

_PERMISSIONS = {
    "print": "PRINT",
    "print_high_quality": "PRINT_TO_REPRESENTATION",
    "copy": "EXTRACT",
    "modify": "MODIFY",
    "annotate": "ADD_OR_MODIFY",
    "fill_forms": "FILL_FORM_FIELDS",
    "accessibility": "EXTRACT_TEXT_AND_GRAPHICS",
    "assemble": "ASSEMBLE_DOC",
}


def _overlay_pdf(bodies: list[str], width: float, height: float, policy: Mapping[str, Any]) -> Any:
    from pypdf import PdfReader

    from rail_django.extensions.templating.pdf_renderer import weasyprint_pdf

    pages = "".join(f'<section class="p">{body}</section>' for body in bodies)
    document = (
        f"<style>@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0 }}"
        " section.p { break-after: page; position: relative; height: 100%; }"
        # Percent heights do not resolve inside a page box: place the watermark in points.
        f" .wm {{ position: absolute; top: {height * 0.4:.0f}pt; width: 100%; text-align: center;"
        " transform: rotate(-35deg); color: #888; }"
        f" .stamp {{ position: absolute; top: {height - 28:.0f}pt; left: 1cm; font-size: 8pt;"
        " color: #444; }"
        "</style>" + pages
    )
    config = {"page_size": f"{width:.2f}pt {height:.2f}pt", "margin": "0"}
    return PdfReader(io.BytesIO(weasyprint_pdf(document, config, policy, numbered=False)))


def _watermark_body(options: Mapping[str, Any]) -> str:
    opacity = float(options.get("opacity", 0.15))
    if options.get("image"):
        source = html.escape(str(options["image"]), quote=True)
        return f'<div class="wm" style="opacity:{opacity}"><img src="{source}" width="60%"></div>'
    size = int(options.get("font_size", 72))
    text = html.escape(str(options.get("text", "")))
    return f'<div class="wm" style="opacity:{opacity};font-size:{size}pt">{text}</div>'


def _stamp_body(options: Mapping[str, Any], page: int, pages: int) -> str:
    text = str(options.get("text") or _("Page {page} of {pages}"))
    values = {"page": page, "pages": pages, "reference": options.get("reference", "")}
    try:
        filled = text.format(**values)
    except (KeyError, IndexError, ValueError):
        raise TemplatingError(
            _("page_stamp text may use only {page}, {pages} and {reference}."),
            ErrorCode.INVALID_ARGUMENT,
        ) from None
    return f'<div class="stamp">{html.escape(filled)}</div>'


def _encrypt(writer: Any, options: Mapping[str, Any]) -> None:
    from pypdf.constants import UserAccessPermissions

    flags = UserAccessPermissions(0)
    for name in options.get("permissions", ["print"]):
        if name not in _PERMISSIONS:
            raise TemplatingError(
                _("Unknown PDF permission %(name)r.") % {"name": name}, ErrorCode.INVALID_ARGUMENT
            )
        flags |= getattr(UserAccessPermissions, _PERMISSIONS[name])
    writer.encrypt(
        user_password=str(options.get("user_password", "")),
        owner_password=str(options.get("owner_password") or secrets.token_urlsafe(32)),
        algorithm="AES-256",
        permissions_flag=flags,
    )


def post_process(pdf: bytes, options: Mapping[str, Any], policy: Mapping[str, Any]) -> bytes:
    """Apply ``watermark``, ``page_stamp`` and ``encryption`` (each optional) to ``pdf``."""
    watermark, stamp, encryption = (
        options.get(k) for k in ("watermark", "page_stamp", "encryption")
    )
    if not (watermark or stamp or encryption):
        return pdf
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:
        raise TemplatingError(
            _("Post-processing PDFs needs pypdf: pip install 'rail-django-templating[signing]'."),
            ErrorCode.PDF_RENDERER_UNAVAILABLE,
        ) from None
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if watermark or stamp:
        first = writer.pages[0].mediabox
        total = len(writer.pages)
        bodies = [
            (_watermark_body(watermark) if watermark else "")
            + (_stamp_body(stamp, number, total) if stamp else "")
            for number in range(1, total + 1)
        ]
        overlay = _overlay_pdf(bodies, float(first.width), float(first.height), policy)
        for page, layer in zip(writer.pages, overlay.pages, strict=False):
            page.merge_page(layer)
    out = io.BytesIO()
    writer.write(out)
    if not encryption:
        return out.getvalue()
    # Encrypt a fresh copy: pypdf leaves merged overlay streams unencrypted (unreadable) when
    # merging and encrypting in one writer.
    encrypted = PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))
    _encrypt(encrypted, encryption)
    final = io.BytesIO()
    encrypted.write(final)
    return final.getvalue()

"""The Python API: :func:`render_pdf` and :class:`PdfBuilder`, used by the endpoints, the
``render_pdf`` command and async jobs alike, so all of them honour the same fetcher policy,
render limits and post-processing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.extensions.templating.pdf_renderer import html_to_pdf
from rail_django.extensions.templating.pdf_signing import sign_pdf
from rail_django.extensions.templating.post_processing import post_process
from rail_django.extensions.templating.render_errors import TemplatingError
from rail_django.extensions.templating.render_worker import run_in_worker
from rail_django.extensions.templating.template_settings import templating_settings

logger = logging.getLogger(__name__)


def render_html(template_name: str, context: Mapping[str, Any], request: Any = None) -> str:
    """The template rendered by the project's template engine (autoescaping on)."""
    return render_to_string(template_name, dict(context), request=request)


def _pdf_from_html(
    html: str, config: Mapping[str, Any], options: Mapping[str, Any], title: str
) -> bytes:
    settings = templating_settings()
    pdf = html_to_pdf(html, config, settings, title=title)
    pdf = post_process(pdf, options, settings["url_fetcher"])
    if options.get("signature"):
        pdf = sign_pdf(pdf, options["signature"])
    return pdf


def pdf_from_html(
    html: str,
    *,
    config: Mapping[str, Any] | None = None,
    post_processing: Mapping[str, Any] | None = None,
    title: str = "",
) -> bytes:
    """PDF bytes for already-rendered ``html`` under the settings' limits."""
    settings = templating_settings()
    page_config = {**settings["default_template_config"], **dict(config or {})}
    options = {
        **{k: v for k, v in settings["post_processing"].items() if v},
        **dict(post_processing or {}),
    }
    limits = settings["render_limits"]
    try:
        if limits["worker_process"]:
            return run_in_worker(
                _pdf_from_html,
                (html, page_config, options, title),
                timeout=limits["timeout_seconds"],
                max_memory_mb=limits["max_memory_mb"],
            )
        return _pdf_from_html(html, page_config, options, title)
    except RailError:
        raise
    except Exception:
        logger.exception("PDF render failed")
        raise TemplatingError(
            _("The PDF could not be rendered."), ErrorCode.PDF_RENDER_FAILED
        ) from None


def render_pdf(
    template_name: str,
    context: Mapping[str, Any] | None = None,
    *,
    request: Any = None,
    config: Mapping[str, Any] | None = None,
    post_processing: Mapping[str, Any] | None = None,
    title: str = "",
) -> bytes:
    """Render the Django template ``template_name`` with ``context`` to PDF bytes.

    >>> pdf = render_pdf("pdf/invoice.html", {"order": order}, config={"page_size": "A5"},
    ...                  post_processing={"watermark": {"text": "COPY"}})
    """
    html = render_html(template_name, context or {}, request=request)
    return pdf_from_html(html, config=config, post_processing=post_processing, title=title)


class PdfBuilder:
    """A PDF built step by step (batch jobs, scripts)::

    pdf = (PdfBuilder().template("pdf/report.html").context(rows=rows)
           .config(page_size="A4 landscape").watermark("DRAFT")
           .page_stamp("Page {page} of {pages}").encrypt(owner_password="s3cret")
           .build())
    """

    def __init__(self) -> None:
        self._template: str | None = None
        self._html: str | None = None
        self._context: dict[str, Any] = {}
        self._config: dict[str, Any] = {}
        self._options: dict[str, Any] = {}
        self._title = ""

    def template(self, name: str) -> PdfBuilder:
        self._template = name
        return self

    def html(self, html: str) -> PdfBuilder:
        """Use ``html`` as it is (already escaped) instead of a template."""
        self._html = html
        return self

    def context(self, **values: Any) -> PdfBuilder:
        self._context.update(values)
        return self

    def config(self, **values: Any) -> PdfBuilder:
        self._config.update(values)
        return self

    def title(self, title: str) -> PdfBuilder:
        self._title = title
        return self

    def watermark(self, text: str = "", *, image: str = "", **options: Any) -> PdfBuilder:
        self._options["watermark"] = {"text": text, "image": image, **options}
        return self

    def page_stamp(self, text: str = "", *, reference: str = "") -> PdfBuilder:
        self._options["page_stamp"] = {"text": text, "reference": reference}
        return self

    def encrypt(self, **options: Any) -> PdfBuilder:
        self._options["encryption"] = options
        return self

    def sign(self, **options: Any) -> PdfBuilder:
        self._options["signature"] = options
        return self

    def build(self) -> bytes:
        if self._html is None and self._template is None:
            raise TemplatingError(
                _("PdfBuilder needs a template or HTML."), ErrorCode.INVALID_ARGUMENT
            )
        html = self._html
        if html is None:
            html = render_html(str(self._template), self._context)
        return pdf_from_html(
            html, config=self._config, post_processing=self._options, title=self._title
        )

"""HTML to PDF bytes: WeasyPrint (default) or the ``wkhtmltopdf`` binary.

Both are given HTML already rendered by Django's template engine (autoescaping on), the page
CSS of ``default_template_config`` and the deny-by-default fetcher's policy.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode
from rail_django.extensions.templating.page_css import page_css
from rail_django.extensions.templating.render_errors import TemplatingError, resource_refused
from rail_django.extensions.templating.url_fetcher import BASE_URL, ResourceRefused, SafeUrlFetcher

logger = logging.getLogger(__name__)


def weasyprint_pdf(
    html: str,
    page_config: Mapping[str, Any],
    policy: Mapping[str, Any],
    *,
    numbered: bool = True,
    title: str = "",
) -> bytes:
    """Render with WeasyPrint through :class:`SafeUrlFetcher`; a refused resource ends the
    render with ``PDF_RESOURCE_REFUSED``. ``numbered``: page numbers in the bottom margin."""
    from weasyprint import CSS, HTML

    fetcher = SafeUrlFetcher(policy)
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        stylesheet = CSS(
            string=page_css(page_config, numbered=numbered), url_fetcher=fetcher, base_url=BASE_URL
        )
        # Attachments go through the same fetcher (GHSA-35jj-wx47-4w8r): none are embedded
        # unless the template links them, and then only what the policy allows.
        rendered = document.render(stylesheets=[stylesheet])
        if title:  # set here: a pypdf rewrite only for the title would double the cost
            rendered.metadata.title = title
        return rendered.write_pdf()
    except ResourceRefused as refused:
        raise resource_refused(refused.reason) from None


def wkhtmltopdf_pdf(html: str, page_config: Mapping[str, Any], executable: str) -> bytes:
    """Render with ``wkhtmltopdf`` (local file access and network off). The binary is optional:
    ``PDF_RENDERER_UNAVAILABLE`` when it is selected and absent."""
    binary = shutil.which(executable)
    if binary is None:
        raise TemplatingError(
            _("The wkhtmltopdf renderer is selected but the %(binary)s program is not installed.")
            % {"binary": executable},
            ErrorCode.PDF_RENDERER_UNAVAILABLE,
        )
    styled = f"<style>{page_css(page_config)}</style>{html}"
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "in.html"), Path(folder, "out.pdf")
        source.write_text(styled, encoding="utf-8")
        # No local files, no scripts, and every request sent to a closed port: wkhtmltopdf cannot
        # apply the fetcher's allow-list, so it gets no network at all.
        command = [binary, "--quiet", "--disable-local-file-access", "--disable-javascript"]
        command += ["--proxy", "http://127.0.0.1:9"]
        command += [
            "--page-size",
            str(page_config.get("page_size", "A4")),
            str(source),
            str(target),
        ]
        # The binary comes from settings, the arguments are ours: no shell, no user input.
        completed = subprocess.run(command, capture_output=True, check=False, timeout=120)  # noqa: S603
        if completed.returncode != 0 or not target.exists():
            logger.error("wkhtmltopdf failed: %s", completed.stderr[-2000:])
            raise TemplatingError(_("The PDF could not be rendered."), ErrorCode.PDF_RENDER_FAILED)
        return target.read_bytes()


def html_to_pdf(
    html: str, page_config: Mapping[str, Any], settings: Mapping[str, Any], title: str = ""
) -> bytes:
    """The configured renderer's PDF for ``html``."""
    if settings["renderer"] == "wkhtmltopdf":
        return wkhtmltopdf_pdf(html, page_config, settings["wkhtmltopdf_path"])
    return weasyprint_pdf(html, page_config, settings["url_fetcher"], title=title)

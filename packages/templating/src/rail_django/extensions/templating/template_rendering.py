"""A registered template rendered for one user and one row: the path every entry point shares
(the download endpoint, preview, async jobs and ``manage.py render_pdf``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.extensions.templating.pdf_builder import pdf_from_html, render_html
from rail_django.extensions.templating.template_access import template_context
from rail_django.extensions.templating.template_registry import PdfTemplate, template_registry
from rail_django.extensions.templating.template_settings import templating_settings


def find_template(key: str) -> PdfTemplate:
    template = template_registry.get(key)
    if template is None:
        raise RailError(_("No such document template."), ErrorCode.NOT_FOUND)
    return template


def render_template_html(key: str, pk: str, user: Any, request: Any = None) -> str:
    template = find_template(key)
    context = template_context(template, user, pk, request, templating_settings()["schema_name"])
    return render_html(template.content, context, request=request)


def render_template_pdf(key: str, pk: str, user: Any, request: Any = None) -> bytes:
    """The PDF of template ``key`` for row ``pk`` as ``user`` sees it (``RailError`` if not)."""
    template = find_template(key)
    html = render_template_html(key, pk, user, request)
    return pdf_from_html(
        html,
        config=template.config,
        post_processing=template.post_processing,
        title=str(template.label),
    )

"""PDF templating for Rail Django models.

>>> from rail_django.extensions.templating import model_pdf_template, render_pdf, PdfBuilder
"""

from rail_django.extensions.templating.__about__ import __version__
from rail_django.extensions.templating.pdf_builder import PdfBuilder, render_pdf
from rail_django.extensions.templating.render_errors import TemplatingError
from rail_django.extensions.templating.template_registry import (
    PdfTemplate,
    model_pdf_template,
    pdf_template,
    template_registry,
)

__all__ = [
    "PdfBuilder",
    "PdfTemplate",
    "TemplatingError",
    "__version__",
    "model_pdf_template",
    "pdf_template",
    "render_pdf",
    "template_registry",
]

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rail_django.extensions.templating import model_pdf_template


class PdfInvoice(models.Model):
    number = models.CharField(max_length=20)
    customer = models.CharField(max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        app_label = "templating_testapp"

    def __str__(self):
        return self.number

    # A lazy title, translated by this app's own catalogue (locale/fr): the catalog shows it in
    # the request's language.
    @model_pdf_template(content="pdf/invoice.html", title=_("Invoice"))
    def download_invoice(self, user=None):
        return {"lines": list(self.lines.all()), "viewer": user}

    @model_pdf_template(content="pdf/report.html", title="Line report")
    def line_report(self):
        return {"lines": list(self.lines.all())}

    @model_pdf_template(
        content="pdf/invoice.html",
        title="Stamped copy",
        roles=("accounting",),
        post_processing={
            "watermark": {"text": "CONFIDENTIAL"},
            "page_stamp": {"text": "Page {page} of {pages} - {reference}", "reference": "REF-9"},
            "encryption": {"owner_password": "owner-secret", "permissions": ["print"]},
        },
    )
    def stamped_copy(self):
        return {"lines": list(self.lines.all())}


class PdfInvoiceLine(models.Model):
    invoice = models.ForeignKey(PdfInvoice, related_name="lines", on_delete=models.CASCADE)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        app_label = "templating_testapp"

    def __str__(self):
        return self.description

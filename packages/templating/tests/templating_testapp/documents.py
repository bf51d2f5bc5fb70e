from rail_django.extensions.templating import pdf_template


@pdf_template(content="pdf/summary.html", url="invoices/print", title="Printed summary")
def invoice_summary(request, pk):
    return {"reference": f"SUM-{pk}"}


@pdf_template(content="pdf/leaky.html", url="tests/leaky", title="Reads a local file")
def leaky(request, pk):
    return {}

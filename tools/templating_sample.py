"""Render the docs' sample invoice (the templating tests' ``pdf/invoice.html``) to PNG.

    python tools/templating_sample.py   # writes docs/content/packages/templating-invoice.png

Uses the repository's test settings and the real render path (``render_pdf``: page CSS,
deny-by-default fetcher, a watermark); pypdfium2 rasterises the first page.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "content" / "packages" / "templating-invoice.png"


def main() -> None:
    import conftest

    conftest.pytest_configure()
    import django

    django.setup()
    import pypdfium2

    from rail_django.extensions.templating import render_pdf

    lines = [
        SimpleNamespace(description=f"Pallet {n} - Rotterdam to Lyon", amount=Decimal("120.00") + n)
        for n in range(1, 9)
    ]
    invoice = SimpleNamespace(number="INV-2026-0042", customer="ACME Logistics <Lyon>")
    pdf = render_pdf(
        "pdf/invoice.html",
        {"object": invoice, "lines": lines},
        post_processing={"watermark": {"text": "SAMPLE"}},
        title="Invoice INV-2026-0042",
    )
    page = pypdfium2.PdfDocument(pdf)[0]
    page.render(scale=1.0).to_pil().save(OUT, optimize=True)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Benchmark: PDF rendering time and peak memory (templating).

Run from the repository root (not part of the test run)::

    python tools/bench/pdf_render.py [--rounds 20]

Uses the repository's test settings. Measures, in one run:

- a 1-page invoice, warm: median ms through ``PdfBuilder`` (deny-by-default fetcher, page CSS,
  a static stylesheet and image), next to plain ``weasyprint.HTML(...).write_pdf()`` of the
  same HTML (the floor), as a ratio;
- a 100-page table report: seconds and peak RSS, rendered in the worker process (so the peak
  is the child's own, read from ``RUSAGE_CHILDREN``);
- the server's RSS before and after 100 invoice renders with ``worker_process`` on.

Targets (issue 17): invoice <= 300 ms warm; report <= 20 s and <= 500 MiB; server RSS unchanged.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

INVOICE = """<html><head><link rel="stylesheet" href="/static/pdf/invoice.css"></head><body>
<h1>Invoice INV-1</h1><p class="customer">Customer: ACME</p><img src="/static/pdf/dot.png">
<table><thead><tr><th>Description</th><th>Amount</th></tr></thead><tbody>{rows}</tbody></table>
</body></html>"""


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _median_ms(work, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    import conftest

    conftest.pytest_configure()
    import django
    from django.conf import settings

    django.setup()
    from weasyprint import HTML

    from rail_django.contracts.settings_registry import settings_registry
    from rail_django.extensions.templating import PdfBuilder

    def configure(values):
        settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = values
        settings_registry.clear_cache()

    rows = "".join(f"<tr><td>Item {n}</td><td>{n}.00</td></tr>" for n in range(12))
    invoice = INVOICE.format(rows=rows)
    configure({})
    PdfBuilder().html(invoice).build()  # warm: fonts, CSS parser
    ours = _median_ms(lambda: PdfBuilder().html(invoice).build(), args.rounds)
    # The floor: WeasyPrint's own fetcher reading the same files (no policy, no page CSS).
    static = (ROOT / "packages/templating/tests/templating_testapp/static").as_uri() + "/"
    raw = invoice.replace("/static/", static)
    plain = _median_ms(lambda: HTML(string=raw).write_pdf(), args.rounds)

    report_rows = "".join(
        f"<tr><td>{n}</td><td>Line {n} of the report</td><td>{n * 3}.50</td></tr>"
        for n in range(4100)
    )
    header = "<thead><tr><th>#</th><th>Text</th><th>Amount</th></tr></thead>"
    report = f"<table>{header}{report_rows}</table>"
    configure(
        {"render_limits": {"worker_process": True, "timeout_seconds": 300, "max_memory_mb": 4096}}
    )
    started = time.perf_counter()
    pdf = PdfBuilder().html(report).build()
    report_seconds = time.perf_counter() - started
    child_peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    before = _rss_mib()
    for _ in range(100):
        PdfBuilder().html(invoice).build()
    after = _rss_mib()
    print(
        json.dumps(
            {
                "invoice_warm_ms": round(ours, 1),
                "invoice_plain_weasyprint_ms": round(plain, 1),
                "invoice_ratio_to_plain": round(ours / plain, 2),
                "report_pages": pages,
                "report_seconds": round(report_seconds, 2),
                "report_peak_rss_mib": round(child_peak_mib, 1),
                "server_rss_mib_before_100_worker_renders": round(before, 1),
                "server_rss_mib_after_100_worker_renders": round(after, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

"""Benchmark: export throughput (rows/s), first byte and peak RSS growth, CSV and XLSX.

Run from the repository root (not part of the test run)::

    RAIL_TEST_DATABASE=postgres RAIL_TEST_POSTGRES_TEST_DB=rail_bench_export \\
        python tools/bench/export_throughput.py --rows 100000

Each scenario runs in a process of its own (so its peak RSS is its own): it creates the test
database, seeds ``--rows`` products of the export tests' shop (11 columns of the model plus two
foreign-key paths, ``category.name`` and ``supplier.name``), then exports them once:

- ``rail-csv`` / ``rail-xlsx``: ``POST /api/v1/export/`` through Django's test client, the body
  consumed as a client would (CSV streamed);
- ``floor-csv``: the plain-ORM floor, ``values_list(...).iterator()`` into ``csv.writer``;
- ``import-export-csv`` / ``-xlsx``: django-import-export's ``ModelResource.export()`` on the
  same rows and columns (skipped when it is not installed).

Prints rows/s, the time to the first byte, the growth of peak RSS over the process's RSS after
seeding, and each scenario's ratio to the floor.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packages" / "export" / "tests"))
sys.path.insert(0, str(ROOT))  # first: the root conftest (the test settings)

FIELDS = [
    "name",
    "sku",
    "price",
    "stock",
    "weight",
    "is_active",
    "released",
    "updated_at",
    "notes",
    "cost",
    "internal_code",
    "category.name",
    "supplier.name",
]
SCENARIOS = ["floor-csv", "rail-csv", "rail-xlsx", "import-export-csv", "import-export-xlsx"]


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def seed(rows: int) -> None:
    import datetime as dt
    import decimal

    from export_testapp.models import Category, Product, Supplier

    categories = Category.objects.bulk_create([Category(name=f"Category {i}") for i in range(20)])
    suppliers = Supplier.objects.bulk_create(
        [Supplier(name=f"Supplier {i}", country="FR") for i in range(50)]
    )
    batch = []
    for i in range(rows):
        batch.append(
            Product(
                name=f"Product {i}",
                sku=f"SKU-{i:08d}",
                price=decimal.Decimal("10.50") + i % 1000,
                stock=i % 500,
                weight=0.25 * (i % 40),
                is_active=i % 3 != 0,
                released=dt.date(2024, 1, 1) + dt.timedelta(days=i % 365),
                updated_at=dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC),
                notes="=cmd|' /C calc'!A0" if i % 1000 == 0 else "a short note",
                cost=decimal.Decimal("4.00"),
                internal_code=f"IC{i}",
                secret="s",
                category=categories[i % 20],
                supplier=suppliers[i % 50],
            )
        )
        if len(batch) == 5000:
            Product.objects.bulk_create(batch)
            batch = []
    if batch:
        Product.objects.bulk_create(batch)


def run_scenario(name: str, rows: int) -> dict:
    import conftest

    conftest.pytest_configure()
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = _NoMigrations()
    settings.EXPORT_TESTS_EXPOSE_SHOP = True
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"exp": {"apps": ["exportshop"]}}
    settings.RAIL_DJANGO_EXPORT = {
        "schema": "exp",
        "models": {"exportshop.Product": None},
        "max_rows": max(rows, 100_000),
        "rate_limit_requests": 0,
        "async_threshold_rows": 0,
    }
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        seed(rows)
        boss = get_user_model().objects.create_superuser("boss", "b@x.test", "pw")
        from export_testapp.models import Product

        queryset = Product.objects.order_by("pk")
        client = Client()
        client.force_login(boss)
        warm = {"app_name": "exportshop", "model_name": "Product", "fields": ["sku"]}
        # A server builds its schema once: warm it (and the session) before timing.
        client.post("/api/v1/export/", json.dumps({**warm, "max_rows": 1}), "application/json")
        base = _current_rss_mib()
        started = time.perf_counter()
        first = None
        size = 0
        if name == "floor-csv":
            lookups = [f.replace(".", "__") for f in FIELDS]
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(FIELDS)
            for index, row in enumerate(queryset.values_list(*lookups).iterator(chunk_size=2000)):
                writer.writerow(row)
                if index % 500 == 0:
                    first = first or time.perf_counter()
                    size += len(out.getvalue())
                    out.seek(0)
                    out.truncate()
        elif name.startswith("rail-"):
            payload = {
                "app_name": "exportshop",
                "model_name": "Product",
                "file_extension": name.split("-")[1],
                "fields": FIELDS,
                "ordering": ["id"],
            }
            response = client.post("/api/v1/export/", json.dumps(payload), "application/json")
            assert response.status_code == 200, response.content[:500]
            for chunk in response.streaming_content:
                first = first or time.perf_counter()
                size += len(chunk)
        else:
            from import_export.fields import Field
            from import_export.resources import ModelResource

            class ProductResource(ModelResource):
                category_name = Field(attribute="category__name", column_name="category")
                supplier_name = Field(attribute="supplier__name", column_name="supplier")

                class Meta:
                    model = Product
                    fields = tuple(f for f in FIELDS if "." not in f)

            dataset = ProductResource().export(queryset.select_related("category", "supplier"))
            data = dataset.csv if name.endswith("csv") else dataset.xlsx
            first = time.perf_counter()
            size = len(data)
        seconds = time.perf_counter() - started
        return {
            "scenario": name,
            "rows": rows,
            "seconds": round(seconds, 3),
            "rows_per_s": round(rows / seconds),
            "first_byte_ms": round(((first or time.perf_counter()) - started) * 1000, 1),
            "peak_rss_growth_mib": round(max(_rss_mib() - base, 0.0), 1),
            "bytes": size,
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--scenario", choices=SCENARIOS)
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, default=SCENARIOS)
    args = parser.parse_args()
    if args.scenario:
        print(json.dumps(run_scenario(args.scenario, args.rows)))
        return
    results = []
    for name in args.only:
        if name.startswith("import-export") and not _has_import_export():
            print(f"{name}: skipped (django-import-export is not installed)")
            continue
        output = subprocess.run(
            [sys.executable, __file__, "--scenario", name, "--rows", str(args.rows)],
            capture_output=True,
            text=True,
            check=False,
        )
        if output.returncode != 0:
            print(f"{name}: failed\n{output.stderr[-2000:]}")
            continue
        results.append(json.loads(output.stdout.strip().splitlines()[-1]))
    floor = next((r for r in results if r["scenario"] == "floor-csv"), None)
    print(
        f"{'scenario':<20}{'rows':>9}{'rows/s':>10}{'first ms':>10}{'RSS+ MiB':>10}{'x floor':>9}"
    )
    for r in results:
        ratio = floor["rows_per_s"] / r["rows_per_s"] if floor else float("nan")
        print(
            f"{r['scenario']:<20}{r['rows']:>9}{r['rows_per_s']:>10}{r['first_byte_ms']:>10}"
            f"{r['peak_rss_growth_mib']:>10}{ratio:>9.2f}"
        )


def _has_import_export() -> bool:
    import importlib.util

    return importlib.util.find_spec("import_export") is not None


if __name__ == "__main__":
    main()

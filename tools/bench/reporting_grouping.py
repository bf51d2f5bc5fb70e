"""Benchmark: a reporting dataset (month x country, sum + count) through GraphQL vs the ORM.

Run from the repository root on PostgreSQL (not part of the test run)::

    RAIL_TEST_DATABASE=postgres RAIL_TEST_POSTGRES_TEST_DB=rail_bench_reporting \\
        python tools/bench/reporting_grouping.py [--rows 1000000] [--repeat 20] [--no-index]

It fills ``store_order`` (the reporting tests' app) with ``--rows`` orders over two years and
1,000 customers in 8 countries (in SQL, ``generate_series``: seconds, not minutes), then times
three ways to the same 192 buckets:

- the floor: the hand-written ORM aggregate (``TruncMonth`` + ``values`` + ``annotate``);
- ``reportingDataset(code:) { run { rows } }`` over HTTP (the dataset lookup + the grouping);
- ``orderGroup(groupBy:, aggregates:)`` over HTTP (one SQL query).

Each side runs ``--repeat`` times after a warm-up; p50 and p95 wall-clock latencies and the
ratios against the floor, measured in the same run (the sides take turns), are printed.
``--no-index`` drops the index on ``created_at``; ``--statistics`` adds the extended statistics
on the month expression the docs recommend (``CREATE STATISTICS ... ON (date_trunc(...))``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DATASET_QUERY = '{ reportingDataset(code: "bench_sales") { run { rows } } }'
GROUP_QUERY = """
{ orderGroup(groupBy: [{field: "createdAt", transform: "trunc:month", name: "month"},
                       {field: "customer.country", name: "country"}],
             aggregates: [{field: "totalAmount", function: "sum", name: "revenue"}])
  { key count aggregates } }
"""


class _NoMigrations(dict):
    def __contains__(self, app_label: object) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


def setup_django() -> None:
    import conftest  # the test configuration: same apps, database choice and settings

    conftest.pytest_configure()
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = _NoMigrations()
    settings.REPORTING_TESTS_EXPOSE_STORE = True  # see packages/reporting/tests/reporting_testapp
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "bench": {
            "apps": ["store"],
            "schema_settings": {"authentication_required": False},
            "query_settings": {"require_model_permissions": False},
        }
    }
    django.setup()


#: Extended statistics on the month expression the dataset groups by (PostgreSQL 14+): without
#: them the planner takes every row for its own bucket, and the LIMIT that enforces
#: max_grouping_buckets then steers it to a slower "fast-start" plan.
STATISTICS = (
    "CREATE STATISTICS bench_order_month "
    "ON (date_trunc('month', created_at AT TIME ZONE 'UTC')) FROM store_order"
)


def populate(rows: int, index: bool, statistics: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO store_customer (name, country) "
            "SELECT 'customer ' || i, "
            "(ARRAY['FR','US','DE','IT','ES','GB','NL','BE'])[1 + i % 8] "
            "FROM generate_series(1, 1000) AS i"
        )
        cursor.execute(
            "INSERT INTO store_order "
            "(customer_id, created_at, placed_on, total_amount, status, margin) "
            "SELECT c.id, t.at, t.at::date, (i %% 500) + 0.99, 'paid', 0 "
            "FROM generate_series(1, %s) AS i "
            "CROSS JOIN LATERAL (SELECT timestamptz '2023-01-01 00:00:00+00' "
            "  + (i %% 730) * interval '1 day' + (i %% 86400) * interval '1 second' AS at) t "
            "JOIN store_customer c ON c.id = (SELECT min(id) FROM store_customer) + i %% 1000",
            [rows],
        )
        if index:
            cursor.execute("CREATE INDEX bench_order_created ON store_order (created_at)")
        if statistics:
            cursor.execute(STATISTICS)
        cursor.execute("ANALYZE store_order")
        cursor.execute("ANALYZE store_customer")

    from rail_django.extensions.reporting import ReportingDataset

    ReportingDataset.objects.create(
        code="bench_sales",
        title="Monthly sales",
        source_app_label="store",
        source_model="Order",
        dimensions=[
            {"field": "created_at", "transform": "trunc:month", "name": "month"},
            {"field": "customer__country", "name": "country"},
        ],
        metrics=[
            {"field": "total_amount", "aggregation": "sum", "name": "revenue"},
            {"field": "id", "aggregation": "count", "name": "order_count"},
        ],
    )


def hand_written() -> list[tuple[str, str, float, int]]:
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncMonth
    from reporting_testapp.models import Order

    rows = (
        Order.objects.annotate(month=TruncMonth("created_at"))
        .values("month", "customer__country")
        .annotate(revenue=Sum("total_amount"), order_count=Count("id"))
        .order_by("month", "customer__country")
    )
    return [
        (r["month"].isoformat(), r["customer__country"], float(r["revenue"]), r["order_count"])
        for r in rows
    ]


def _post(client, query: str) -> dict:
    response = client.post(
        "/graphql/bench/", data=json.dumps({"query": query}), content_type="application/json"
    )
    payload = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


def through_dataset(client) -> list[tuple[str, str, float, int]]:
    rows = _post(client, DATASET_QUERY)["reportingDataset"]["run"]["rows"]
    return [(r["month"], r["country"], r["revenue"], r["order_count"]) for r in rows]


def through_group(client) -> list[tuple[str, str, float, int]]:
    buckets = _post(client, GROUP_QUERY)["orderGroup"]
    return [
        (b["key"]["month"], b["key"]["country"], b["aggregates"]["revenue"], b["count"])
        for b in buckets
    ]


def timed(sides: dict, repeat: int) -> dict[str, tuple[float, float, int]]:
    """Per side: (p50 ms, p95 ms, SQL queries of one call). The sides take turns in every
    round, so a change of load on a shared machine weighs on all of them alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls: dict[str, list[float]] = {name: [] for name in sides}
    for function in sides.values():
        function()  # warm up (schema build, caches, the table in shared buffers)
    for _ in range(repeat):
        for name, function in sides.items():
            start = time.perf_counter()
            function()
            walls[name].append((time.perf_counter() - start) * 1000)
    results = {}
    for name, function in sides.items():
        with CaptureQueriesContext(connection) as captured:
            function()
        wall = sorted(walls[name])
        p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
        results[name] = (statistics.median(wall), p95, len(captured.captured_queries))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-index", action="store_true", help="no index on created_at")
    parser.add_argument(
        "--statistics", action="store_true", help="CREATE STATISTICS on the month expression"
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from rail_django.contracts.permissions import DjangoModelPermissionBackend, permission_backend

    if connection.vendor != "postgresql":
        raise SystemExit("run it with RAIL_TEST_DATABASE=postgres")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # Reporting, not a project's RBAC rules, is what is measured: Django's model permissions.
    with permission_backend.swapped(DjangoModelPermissionBackend()):
        try:
            started = time.perf_counter()
            populate(args.rows, index=not args.no_index, statistics=args.statistics)
            print(f"filled {args.rows} orders in {time.perf_counter() - started:.1f} s")
            client = Client()
            floor_rows = hand_written()
            assert through_dataset(client) == floor_rows, "the dataset must match the ORM"
            assert through_group(client) == floor_rows, "orderGroup must match the ORM"
            sides = {
                "hand-written ORM (floor)": hand_written,
                "reportingDataset over HTTP": lambda: through_dataset(client),
                "orderGroup over HTTP": lambda: through_group(client),
            }
            results = timed(sides, args.repeat)
            floor = results["hand-written ORM (floor)"]
            index = "no index" if args.no_index else "index on created_at"
            index += ", month statistics" if args.statistics else ""
            print(f"database: postgresql, orders: {args.rows}, {index}, buckets: {len(floor_rows)}")
            for name, (p50, p95, queries) in results.items():
                print(
                    f"{name:28}: p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  "
                    f"ratio p50 {p50 / floor[0]:5.2f}x  p95 {p95 / floor[1]:5.2f}x  "
                    f"({queries} SQL)"
                )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

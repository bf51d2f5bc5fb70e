"""Benchmark: a 3-condition relation filter through Rail Django vs the hand-written ORM query.

Run from the repository root (not part of the test run)::

    /work/venv/bin/python tools/bench/filter_relation.py [--rows 2000] [--repeat 50]
    RAIL_TEST_DATABASE=postgres /work/venv/bin/python tools/bench/filter_relation.py

The filter crosses a foreign key (``vendorRel``), a reverse foreign key (``reviewsRel.some``) and a
many-to-many count (``labelsCount``). Both sides fetch the same 100-row page of ids and titles;
the script checks they return the same rows, then prints the time per request (wall clock, and
the CPU time of this process, which a busy shared machine disturbs much less), the ratio, the SQL
query count of each side and the number of SELECTs in Rail Django's statement (a row-scope
``IN (SELECT ...)`` subquery shows there).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

WHERE = {
    "vendorRel": {"country": {"in": ["US", "FR"]}},
    "reviewsRel": {"some": {"stars": {"gte": 4}}},
    "labelsCount": {"gte": 1},
}
QUERY = "query($w: ItemWhereInput) { items(where: $w, limit: 100) { id title } }"


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

    # Every app's tables straight from its models: the bench needs no migration history.
    settings.MIGRATION_MODULES = _NoMigrations()
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "bench": {
            "apps": ["filtering_testapp"],
            "schema_settings": {"authentication_required": False},
            "query_settings": {"require_model_permissions": False},
        }
    }
    django.setup()


def populate(rows: int) -> None:
    from filtering_testapp.models import Item, Label, Review, Vendor

    vendors = [
        Vendor.objects.create(name=f"vendor {i}", country=["US", "FR", "DE", "IT"][i % 4])
        for i in range(20)
    ]
    labels = [Label.objects.create(name=f"label {i}") for i in range(5)]
    created = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    items = Item.objects.bulk_create(
        Item(
            title=f"item {i}",
            price=Decimal(i % 500),
            created_at=created,
            vendor=vendors[i % len(vendors)],
        )
        for i in range(rows)
    )
    Review.objects.bulk_create(
        Review(item=item, stars=(item.pk + k) % 5 + 1) for item in items for k in range(3)
    )
    through = Item.labels.through
    through.objects.bulk_create(
        through(item_id=item.pk, label_id=labels[item.pk % 5].pk) for item in items if item.pk % 3
    )


def hand_written() -> list[tuple[int, str]]:
    from django.db.models import Count, Exists, OuterRef
    from filtering_testapp.models import Item, Review

    good_review = Review.objects.filter(item=OuterRef("pk"), stars__gte=4)
    queryset = (
        Item.objects.filter(vendor__country__in=["US", "FR"])
        .filter(Exists(good_review))
        .annotate(n_labels=Count("labels"))
        .filter(n_labels__gte=1)
        .order_by("pk")
        .values_list("pk", "title")[:100]
    )
    return list(queryset)


def through_rail(client) -> list[tuple[int, str]]:
    import json

    response = client.post(
        "/graphql/bench/",
        data=json.dumps({"query": QUERY, "variables": {"w": WHERE}}),
        content_type="application/json",
    )
    payload = response.json()
    assert "errors" not in payload, payload
    return [(int(row["id"]), row["title"]) for row in payload["data"]["items"]]


def timed(function, repeat: int) -> tuple[float, float, list[str]]:
    """(median wall ms, median CPU ms, SQL statements of one call)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm up (schema build, caches)
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    with CaptureQueriesContext(connection) as captured:
        function()
    statements = [query["sql"] for query in captured.captured_queries]
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000, statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        populate(args.rows)
        client = Client()
        rail_rows, orm_rows = through_rail(client), hand_written()
        assert rail_rows == orm_rows, "both sides must return the same page"
        orm_ms, orm_cpu, orm_sql = timed(hand_written, args.repeat)
        rail_ms, rail_cpu, rail_sql = timed(lambda: through_rail(client), args.repeat)
        selects = sum(statement.upper().count("SELECT") for statement in rail_sql)
        print(f"database: {connection.vendor}, items: {args.rows}, page: {len(orm_rows)} rows")
        print(
            f"hand-written ORM query : {orm_ms:8.2f} ms  (CPU {orm_cpu:6.2f} ms, "
            f"{len(orm_sql)} SQL query)"
        )
        print(
            f"Rail Django over HTTP  : {rail_ms:8.2f} ms  (CPU {rail_cpu:6.2f} ms, "
            f"{len(rail_sql)} SQL query, {selects} SELECTs in it)"
        )
        print(f"ratio (Rail / ORM)     : {rail_ms / orm_ms:8.2f}x  (CPU {rail_cpu / orm_cpu:.2f}x)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""Benchmark: what the schema management API's gate costs against a plain Django JSON view.

Run from the repository root (not part of the test run)::

    python tools/bench/schema_api_overhead.py [--rounds 400]
    RAIL_TEST_DATABASE=postgres RAIL_TEST_POSTGRES_TEST_DB=rail_bench_schema_api \\
        python tools/bench/schema_api_overhead.py

Uses the test settings of the repository's ``conftest.py``. A user holding
``rail_django.manage_schema`` (session) asks, in interleaved blocks, ``GET /api/v1/schemas/``
and ``GET /api/v1/schemas/gql/`` (authentication, rate limit counted in the cache, permission,
JSON) and the floor: a plain Django view that checks the same permission with ``has_perm`` and
answers the same document with ``JsonResponse``. Prints the median time per request, the ratio
and the SQL queries of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

urlpatterns: list[object] = []  # filled in main(): Rail's URLs plus the floor's views


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def _floor_views():
    from django.http import HttpResponseForbidden, JsonResponse

    from rail_django.core.registry import schema_registry
    from rail_django.core.schema_api.schema_summaries import schema_detail, schema_summary

    def allowed(request) -> bool:
        return request.user.is_authenticated and request.user.has_perm(
            "rail_django.manage_schema"
        )

    def schemas(request):
        if not allowed(request):
            return HttpResponseForbidden()
        names = schema_registry.names()
        entries = [e for e in schema_registry.entries() if e.name in names]
        return JsonResponse({"schemas": [schema_summary(e) for e in entries]})

    def detail(request, name):
        if not allowed(request):
            return HttpResponseForbidden()
        return JsonResponse(schema_detail(schema_registry.get(name)))

    return schemas, detail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--per-block", type=int, default=40)
    args = parser.parse_args()
    import conftest

    conftest.pytest_configure()
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = _NoMigrations()
    settings.ROOT_URLCONF = "__main__"
    settings.GRAPHQL_SCHEMA_API_RATE_LIMIT = {"max_requests": 10**9}
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import include, path

    schemas, detail = _floor_views()
    urlpatterns.extend(
        [
            path("floor/schemas/", schemas),
            path("floor/schemas/<str:name>/", detail),
            path("", include("rail_django.core.urls")),
        ]
    )
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        ops = get_user_model().objects.create_user("ops", "ops@x.test", "pw")
        ops.user_permissions.add(Permission.objects.get(codename="manage_schema"))
        client = Client()
        client.force_login(ops)
        pairs = {
            "list": ("/api/v1/schemas/", "/floor/schemas/"),
            "detail": ("/api/v1/schemas/gql/", "/floor/schemas/gql/"),
        }
        for api, floor in pairs.values():  # warm-up (builds gql)
            for url in (api, floor):
                for _ in range(10):
                    assert client.get(url).status_code == 200, url

        def timed(url: str) -> float:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200
            return elapsed

        print(f"database: {connection.vendor}; {args.rounds} requests per URL")
        for label, (api, floor) in pairs.items():
            times: dict[str, list[float]] = {api: [], floor: []}
            for _ in range(max(1, args.rounds // args.per_block)):
                for url in (api, floor):
                    times[url].extend(timed(url) for _ in range(args.per_block))
            queries = {}
            for url in (api, floor):
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
                queries[url] = len(captured)
            medians = {url: statistics.median(values) * 1000 for url, values in times.items()}
            print(f"  {label}:")
            for url in (api, floor):
                print(f"    {url:28s} median {medians[url]:.3f} ms, {queries[url]} SQL")
            print(f"    ratio api/floor {medians[api] / medians[floor]:.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

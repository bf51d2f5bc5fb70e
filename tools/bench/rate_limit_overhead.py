"""Benchmark: what the rate limiter costs per request on the flat list (100 rows), on vs off.

Run from the repository root (not part of the test run)::

    python tools/bench/rate_limit_overhead.py [--cache redis|locmem] [--rows 100]
    RAIL_TEST_REDIS_URL=redis://127.0.0.1:6379/6 python tools/bench/rate_limit_overhead.py

"On" is schema ``limited`` (``security_settings.enable_rate_limiting``, budgets far above what
the run sends: nothing is refused), counted in the cache ``--cache`` names: Django's
``RedisCache`` on ``RAIL_TEST_REDIS_URL`` (the production setup: the minute and hour windows
counted by core's ``hit_many`` in one round trip) or the local-memory cache. "Off" is schema
``plain``, the same models with the limiter off. Both fetch the same 100 rows over HTTP (Django's
test client, a signed-in superuser), one request each in turn; median per round, and the median
of the per-round ratios (target: overhead under 5%).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

QUERY = "{ projects(limit: 100) { id name budget } }"
BUDGETS = {
    "enable_rate_limiting": True,
    "rate_limit_requests_per_minute": 10**9,
    "rate_limit_requests_per_hour": 10**9,
    "rate_limit_cache_alias": "limits",
}


class _NoMigrations(dict):
    def __contains__(self, app_label: object) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


def setup_django(cache: str) -> None:
    import conftest  # the test configuration: same apps, database choice and settings

    conftest.pytest_configure()
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = _NoMigrations()
    if cache == "redis":
        url = os.environ.get("RAIL_TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
        limits = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        limits = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {**settings.CACHES, "limits": limits}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "limited": {"security_settings": BUDGETS},
        "plain": {},
    }
    django.setup()


def fetch(client, limited: bool) -> int:
    schema = "limited" if limited else "plain"
    response = client.post(
        f"/graphql/{schema}/", data=json.dumps({"query": QUERY}), content_type="application/json"
    )
    payload = response.json()
    assert "errors" not in payload, payload
    assert ("X-RateLimit-Limit" in response) is limited, "the limiter must run only when on"
    return len(payload["data"]["projects"])


def interleaved(client, rounds: int, per_block: int) -> list[tuple[float, float]]:
    """Two schemas on the same models, one limited, requests alternating one by one, so the load
    of a shared machine hits both alike; each round gives (median on, median off)."""
    for _ in range(5):
        fetch(client, True)
        fetch(client, False)
    results = []
    for _ in range(rounds):
        samples: dict[bool, list[float]] = {True: [], False: []}
        for index in range(2 * per_block):
            limited = index % 2 == 0
            start = time.perf_counter()
            fetch(client, limited)
            samples[limited].append(time.perf_counter() - start)
        results.append(
            (statistics.median(samples[True]) * 1000, statistics.median(samples[False]) * 1000)
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", choices=("redis", "locmem"), default="redis")
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--per-block", type=int, default=15)
    args = parser.parse_args()
    setup_django(args.cache)
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from security_testapp.models import Project

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        caches["limits"].clear()
        boss = get_user_model().objects.create_superuser("boss", "b@x.test", "pw")
        Project.objects.bulk_create(
            Project(name=f"project {i}", owner=boss, budget=i) for i in range(args.rows)
        )
        client = Client()
        client.force_login(boss)
        rows = fetch(client, False)
        assert fetch(client, True) == rows
        rounds = interleaved(client, args.rounds, args.per_block)
        on_ms = statistics.median(on for on, _ in rounds)
        off_ms = statistics.median(off for _, off in rounds)
        ratio = statistics.median(on / off for on, off in rounds)
        print(f"database: {connection.vendor}, cache: {args.cache}, rows: {rows}")
        print(f"limiter off: {off_ms:8.2f} ms per request")
        print(f"limiter on : {on_ms:8.2f} ms per request")
        print(f"ratio (on / off, median of rounds): {ratio:6.3f}  ({100 * (ratio - 1):+.1f}%)")
        caches["limits"].clear()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""Benchmark: the per-request cost of every authorization check, on vs off, on a 100-row list.

Run from the repository root (not part of the test run)::

    /work/venv/bin/python tools/bench/security_overhead.py [--rows 100] [--repeat 200]
    RAIL_TEST_DATABASE=postgres /work/venv/bin/python tools/bench/security_overhead.py

"On" is rail-django-security's defaults: a user holding only ``view_project_own`` through a role
(object scope), two field rules (``clientEmail`` hidden from them), a field policy on
``*token*`` and a classification policy on ``financial`` fields, the ordering check, the role
cache. "Off" is ``enable_authorization: False`` with ``require_model_permissions: False``: no
check at all. Both fetch the same 100 rows over HTTP with a session; the script checks the rows
match, then runs interleaved rounds of both and prints the median time per request, the SQL
query counts and the median of the per-round ratios (target: under 1.15).
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

QUERY = "{ projects(limit: 100) { id name clientEmail apiToken budget } }"
OFF = {
    "security_settings": {"enable_authorization": False},
    "query_settings": {"require_model_permissions": False},
}


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
    django.setup()


def populate(rows: int):
    from django.contrib.auth import get_user_model
    from security_testapp.models import Project

    from rail_django.security import AccessPolicy, PolicyEffect, policy_manager, role_manager

    role_manager.register_role(
        name="bench_reader", permissions=["security_testapp.view_project_own"]
    )
    policy_manager.register_policy(
        AccessPolicy(
            name="bench_no_tokens",
            effect=PolicyEffect.DENY,
            roles=["bench_reader"],
            fields=["*token*"],
            operations=["read"],
        )
    )
    policy_manager.register_policy(
        AccessPolicy(
            name="bench_money",
            effect=PolicyEffect.ALLOW,
            roles=["bench_reader"],
            classifications=["financial"],
            operations=["read"],
        )
    )
    users = get_user_model().objects
    reader = users.create_user("reader", "reader@x.test", "pw")
    other = users.create_user("other", "other@x.test", "pw")
    role_manager.assign_role(reader, "bench_reader")
    Project.objects.bulk_create(
        Project(name=f"project {i}", owner=reader, budget=i) for i in range(rows)
    )
    Project.objects.bulk_create(Project(name=f"hidden {i}", owner=other) for i in range(rows))
    return reader


def fetch(client) -> list[str]:
    response = client.post(
        "/graphql/", data=json.dumps({"query": QUERY}), content_type="application/json"
    )
    payload = response.json()
    assert "errors" not in payload, payload
    return [row["name"] for row in payload["data"]["projects"]]


def interleaved(client, repeat: int, rounds: int) -> list[tuple[float, float]]:
    """Alternate blocks of "on" and "off" requests so machine load drifts hit both alike; each
    round gives (median on, median off). Switching settings rebuilds the schema, so each block's
    first requests are not timed."""
    from django.test import override_settings

    per_block = max(3, repeat // rounds)
    results = []
    for _ in range(rounds):
        medians = {}
        for mode in ("on", "off"):
            overrides = {"RAIL_DJANGO_GRAPHQL": OFF} if mode == "off" else {}
            with override_settings(**overrides):
                for _ in range(3):
                    fetch(client)
                samples = []
                for _ in range(per_block):
                    start = time.perf_counter()
                    fetch(client)
                    samples.append(time.perf_counter() - start)
            medians[mode] = statistics.median(samples) * 1000
        results.append((medians["on"], medians["off"]))
    return results


def query_count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fetch(client)
    return len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        reader = populate(args.rows)
        client = Client()
        client.force_login(reader)
        on_rows = fetch(client)
        on_queries = query_count(client)
        with override_settings(RAIL_DJANGO_GRAPHQL=OFF):
            off_rows = fetch(client)
            off_queries = query_count(client)
        assert sorted(on_rows) == sorted(n for n in off_rows if n.startswith("project")), (
            "checks on must serve the reader's own rows"
        )
        rounds = interleaved(client, args.repeat, args.rounds)
        on_ms = statistics.median(on for on, _ in rounds)
        off_ms = statistics.median(off for _, off in rounds)
        ratio = statistics.median(on / off for on, off in rounds)
        print(f"database: {connection.vendor}, rows served: {len(on_rows)}, rounds: {args.rounds}")
        print(f"checks off : {off_ms:8.2f} ms  ({off_queries} SQL queries)")
        print(f"checks on  : {on_ms:8.2f} ms  ({on_queries} SQL queries)")
        print(
            f"ratio (on / off, median of rounds): {ratio:6.3f}  (overhead {100 * (ratio - 1):.1f}%)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""Benchmark: what the database audit sink costs per generated mutation.

Run from the repository root (not part of the test run)::

    python tools/bench/audit_overhead.py [--rounds 200]
    RAIL_TEST_DATABASE=postgres RAIL_TEST_POSTGRES_TEST_DB=rail_bench_audit \\
        python tools/bench/audit_overhead.py

Uses the test settings of the repository's ``conftest.py`` (the security test app's ``Project``)
and a superuser's ``updateProject`` over HTTP (Django's test client), committed for real so each
mutation's after-commit ``model.updated`` event is delivered. Two sinks are timed in interleaved
blocks: ``none`` (a sink that drops events: the baseline) and ``database`` (the audit app's
``DatabaseAuditSink``: one INSERT per event). Prints the median time per mutation and the
difference.
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

UPDATE = (
    "mutation($id: ID!, $name: String!) { updateProject(id: $id, input: {name: $name}) { ok } }"
)


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


class NullSink:
    def record(self, event) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--per-block", type=int, default=20)
    args = parser.parse_args()
    import conftest

    conftest.pytest_configure()
    import django
    from django.conf import settings

    # As the test run (pytest.ini's --nomigrations): tables are created from the models.
    settings.MIGRATION_MODULES = _NoMigrations()

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from security_testapp.models import Project

    from rail_django.contracts.audit import audit_sink
    from rail_django.extensions.audit.models import get_audit_event_model
    from rail_django.extensions.audit.sink import DatabaseAuditSink

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        boss = get_user_model().objects.create_superuser("boss", "b@x.test", "pw")
        project = Project.objects.create(name="P", owner=boss)
        client = Client()
        client.force_login(boss)
        counter = iter(range(10**9))

        def mutate() -> float:
            variables = {"id": str(project.pk), "name": f"P{next(counter)}"}
            body = json.dumps({"query": UPDATE, "variables": variables})
            started = time.perf_counter()
            response = client.post("/graphql/", data=body, content_type="application/json")
            elapsed = time.perf_counter() - started
            assert response.json()["data"]["updateProject"]["ok"], response.content
            return elapsed

        sinks = {"none": NullSink(), "database": DatabaseAuditSink()}
        times: dict[str, list[float]] = {name: [] for name in sinks}
        for sink in sinks.values():  # warm-up
            with audit_sink.swapped(sink):
                for _ in range(10):
                    mutate()
        blocks = max(1, args.rounds // args.per_block)
        for _ in range(blocks):
            for name, sink in sinks.items():
                with audit_sink.swapped(sink):
                    times[name].extend(mutate() for _ in range(args.per_block))
        rows = get_audit_event_model()._default_manager.filter(event_type="model.updated").count()
        medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
        print(f"database: {connection.vendor}; {blocks * args.per_block} mutations per sink")
        for name, value in medians.items():
            print(f"  {name:9s} median {value:.3f} ms/mutation")
        print(f"  overhead  {medians['database'] - medians['none']:.3f} ms/mutation")
        print(f"  model.updated rows written: {rows}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

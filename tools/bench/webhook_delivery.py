"""Benchmark: webhook deliveries per second, commit-to-delivery lag, task round-trips.

Run from the repository root (not part of the test run; Redis and RabbitMQ must be up)::

    RAIL_TEST_DATABASE=postgres RAIL_TEST_POSTGRES_TEST_DB=rail_bench_tasks \\
        RAIL_TEST_REDIS_URL=redis://127.0.0.1:6379/6 python tools/bench/webhook_delivery.py

Uses the repository's test settings (the tasks test app's ``Shipment``), a real dramatiq worker
process on Redis (``--threads``) and an HTTP receiver on 127.0.0.1 in this process.

1. Throughput: ``--events`` committed changes are written with the worker stopped, then the
   worker starts and the time until every outbox row is delivered gives deliveries/s.
2. Lag: one committed change every 10 ms (100 events/s) for ``--seconds``; lag is receipt time
   minus commit time, reported as p50 / p99.
3. Task round-trip (enqueue -> result visible in ``TaskExecution``) per backend, with a direct
   call of the same function in the same run as the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packages" / "tasks" / "tests"))


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    import conftest

    conftest.pytest_configure()
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = _NoMigrations()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # One SQLite file cannot take a worker's concurrent writes at this rate ("database is
        # locked"): this benchmark measures the PostgreSQL deployment.
        sys.exit("run it with RAIL_TEST_DATABASE=postgres (see the docstring)")
    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args, connection)
    finally:
        from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend

        get_rail_backend().close()
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args: argparse.Namespace, connection) -> None:
    from django.conf import settings
    from tasks_harness import RABBIT_URL, REDIS_URL, Receiver, Worker, flush_redis, wait_for
    from tasks_testapp import jobs
    from tasks_testapp.models import Shipment

    from rail_django.contracts.settings_registry import settings_registry
    from rail_django.extensions.tasks.models import TaskExecution
    from rail_django.webhooks.models import WebhookMessage

    database = {k: v for k, v in connection.settings_dict.items() if k != "TEST"}
    receiver = Receiver()
    queue = f"rail_bench_{os.getpid()}"
    graphql = {
        "task_settings": {"backend": "dramatiq", "broker_url": REDIS_URL, "default_queue": queue}
    }
    webhooks = {
        "enabled": True,
        "endpoints": [
            {
                "name": "bench",
                "url": f"{receiver.url}/hook",
                "include_models": ["tasks_testapp.Shipment"],
                "secret": "whsec_" + "A" * 44,
            }
        ],
    }
    settings.RAIL_DJANGO_GRAPHQL = graphql
    settings.RAIL_DJANGO_WEBHOOKS = webhooks
    settings_registry.clear_cache()
    flush_redis()
    print(f"database: {connection.vendor}; worker: 1 process x {args.threads} threads, Redis")

    # 1. throughput
    for n in range(args.events):
        Shipment.objects.create(reference=f"T-{n}")
    worker = Worker(database, graphql, webhooks, threads=args.threads).start()
    started = time.perf_counter()
    wait_for(
        lambda: WebhookMessage.objects.filter(status="delivered").count() >= args.events,
        timeout=600,
        every=0.1,
    )
    elapsed = time.perf_counter() - started
    print(
        f"  throughput: {args.events} deliveries in {elapsed:.2f} s = "
        f"{args.events / elapsed:.0f} deliveries/s"
    )

    # 2. lag at a steady 100 events/s
    committed: dict[str, float] = {}
    arrived: dict[str, float] = {}
    receiver.on_request = lambda record: arrived.setdefault(
        __import__("json").loads(record["body"])["object_id"], record["at"]
    )
    count = int(args.seconds * 100)
    begin = time.perf_counter()
    for n in range(count):
        due = begin + n / 100
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        shipment = Shipment.objects.create(reference=f"L-{n}")
        committed[str(shipment.pk)] = time.time()
    wait_for(lambda: len(arrived) >= count, timeout=120, every=0.1)
    lags = [(arrived[key] - at) * 1000 for key, at in committed.items()]
    print(
        f"  lag at 100 events/s for {args.seconds:.0f} s: p50 {percentile(lags, 0.5):.1f} ms, "
        f"p99 {percentile(lags, 0.99):.1f} ms, max {max(lags):.1f} ms"
    )
    worker.stop()

    # 3. task round-trips
    settings.RAIL_DJANGO_WEBHOOKS = {"enabled": False}

    def round_trip() -> float:
        started = time.perf_counter()
        record = jobs.add.enqueue(1, 2)
        while not TaskExecution.objects.filter(pk=record.pk, status="succeeded").exists():
            time.sleep(0.001)
        return time.perf_counter() - started

    direct = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        jobs.add(1, 2)
        direct.append(time.perf_counter() - started)
    print(
        f"  task round-trip (median of {args.rounds}); direct call "
        f"{statistics.median(direct) * 1e6:.1f} us"
    )
    engines = {
        "sync": {"backend": "sync"},
        "thread": {"backend": "thread"},
        "dramatiq-redis": {"backend": "dramatiq", "broker_url": REDIS_URL, "default_queue": queue},
        "dramatiq-rabbitmq": {
            "backend": "dramatiq",
            "broker_url": RABBIT_URL,
            "default_queue": queue,
        },
    }
    for name, values in engines.items():
        settings.RAIL_DJANGO_GRAPHQL = {"task_settings": values}
        settings_registry.clear_cache()
        task_worker = None
        if values["backend"] == "dramatiq":
            task_worker = Worker(database, {"task_settings": values}, threads=4).start()
        round_trip()  # warm-up
        times = [round_trip() for _ in range(args.rounds)]
        if task_worker:
            task_worker.stop()
        print(f"    {name:18s} {statistics.median(times) * 1000:8.2f} ms")
    receiver.close()


if __name__ == "__main__":
    main()

"""Benchmark: what a JWT bearer token costs per request on the flat 100-row list, security on.

Run from the repository root (not part of the test run)::

    python tools/bench/jwt_overhead.py [--rows 100] [--rounds 30]
    RAIL_TEST_DATABASE=postgres RAIL_TEST_POSTGRES_TEST_DB=rail_bench_jwt \\
        python tools/bench/jwt_overhead.py

The data and the security set-up are ``security_overhead.py``'s (a reader holding
``view_project_own`` through a role, field rules and policies on). Three ways of sending the same
request are timed in interleaved rounds: ``session`` (a Django session, no token: the baseline),
``bearer`` (``Authorization: Bearer`` from ``login``, verified-token memory on, the default) and
``bearer-nocache`` (``JWT_VERIFICATION_CACHE_SECONDS = 0``: every request verifies against the
database). ``--middleware`` adds ``JWTAuthenticationMiddleware`` to ``MIDDLEWARE`` (how tokens
were read before Rail endpoints read them themselves; run it against an older checkout to compare).
It prints the median time per request, the SQL queries Django logs and, on PostgreSQL, every
statement the driver sends (``statement_timeout`` ones included, which Django does not log).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import security_overhead  # noqa: E402 - the same data and settings

QUERY = "{ projects(limit: 100) { id name clientEmail apiToken budget } }"
LOGIN = 'mutation { login(username: "reader", password: "pw") { token } }'
MODES = ("session", "bearer", "bearer-nocache")


def post(client, query: str, **headers):
    response = client.post(
        "/graphql/", data=json.dumps({"query": query}), content_type="application/json", **headers
    )
    payload = response.json()
    assert response.status_code == 200 and "errors" not in payload, payload
    return payload["data"]


@contextmanager
def mode_settings(mode: str):
    from django.test import override_settings

    overrides = {"JWT_VERIFICATION_CACHE_SECONDS": 0} if mode == "bearer-nocache" else {}
    with override_settings(**overrides):
        yield


@contextmanager
def driver_statements(connection):
    """Every statement psycopg sends inside the block (PostgreSQL only; else an empty list)."""
    sent: list[str] = []
    if connection.vendor != "postgresql":
        yield sent
        return
    connection.ensure_connection()
    raw = connection.connection
    base = raw.cursor_factory

    class Counting(base):
        def execute(self, query, params=None, **kwargs):
            sent.append(str(query))
            return super().execute(query, params, **kwargs)

    raw.cursor_factory = Counting
    try:
        yield sent
    finally:
        raw.cursor_factory = base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--per-block", type=int, default=15)
    parser.add_argument("--middleware", action="store_true")
    args = parser.parse_args()
    security_overhead.setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    if args.middleware:
        middleware = list(settings.MIDDLEWARE)
        index = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        middleware.insert(
            index + 1, "rail_django.security.auth.middleware.JWTAuthenticationMiddleware"
        )
        settings.MIDDLEWARE = middleware
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        reader = security_overhead.populate(args.rows)
        session = Client()
        session.force_login(reader)
        token = post(Client(), LOGIN)["login"]["token"]
        bearer = Client()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

        def fetch(mode: str) -> int:
            if mode == "session":
                return len(post(session, QUERY)["projects"])
            return len(post(bearer, QUERY, **headers)["projects"])

        counts = {}
        for mode in MODES:
            with mode_settings(mode):
                for _ in range(3):
                    rows = fetch(mode)
                with (
                    CaptureQueriesContext(connection) as logged,
                    driver_statements(connection) as sent,
                ):
                    fetch(mode)
                counts[mode] = (rows, len(logged.captured_queries), len(sent), sent)
        medians: dict[str, list[float]] = {mode: [] for mode in MODES}
        for _ in range(args.rounds):
            for mode in MODES:
                with mode_settings(mode):
                    fetch(mode)
                    samples = []
                    for _ in range(args.per_block):
                        start = time.perf_counter()
                        fetch(mode)
                        samples.append(time.perf_counter() - start)
                medians[mode].append(statistics.median(samples) * 1000)
        base = statistics.median(medians["session"])
        print(
            f"database: {connection.vendor}, middleware: {args.middleware}, "
            f"rounds: {args.rounds} x {args.per_block}"
        )
        for mode in MODES:
            rows, logged, sent, statements = counts[mode]
            ms = statistics.median(medians[mode])
            driver = f", driver statements {sent}" if connection.vendor == "postgresql" else ""
            print(
                f"{mode:15s}: {ms:7.2f} ms  (+{ms - base:5.2f} ms vs session) rows {rows}, "
                f"SQL logged {logged}{driver}"
            )
            extra = [sql for sql in statements if "statement_timeout" in sql]
            if extra:
                print(f"{'':17s}statement_timeout statements: {len(extra)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

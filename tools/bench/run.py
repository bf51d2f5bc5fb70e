"""The side-by-side benchmark: one command, every implementation, the same data and queries.

    python tools/bench/run.py --db sqlite|postgres --sizes 100,1000 --out docs/benchmarks/

Seeds the store at each size, measures the three queries on Rail Django, graphene-django (naive
and with graphene-django-query-optimizer), strawberry-django with its optimizer, and plain Django
ORM + JSON, checks that every implementation returns Rail Django's data, and writes
``<out>/results-<db>.md`` (table), ``results-<db>.png`` (chart) and ``results-<db>.json``. Also
measures the schema build of 200 generated models and cold import times. The bench-only
dependencies are in hatch's ``bench`` environment (``hatch run bench:run --db sqlite ...``);
implementations whose library is missing are skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_settings  # noqa: E402

VERSIONS = (
    "Django",
    "graphene",
    "graphql-core",
    "graphene-django",
    "graphene-django-query-optimizer",
    "strawberry-graphql",
    "strawberry-graphql-django",
    "orjson",
    "rail-django-core",
    "rail-django-filtering",
)


def _prepare_database(db: str) -> None:
    if db == "sqlite":
        bench_settings.SQLITE_PATH.unlink(missing_ok=True)
        return
    import psycopg

    settings = bench_settings.database("postgres")
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
        connection.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def _machine(db: str) -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
            database = cursor.fetchone()[0].split(",")[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]} (file)"
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{total_kb / 2**20:.1f} GiB"
    versions = []
    for name in VERSIONS:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return {
        "database": database,
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        # Other work on the machine skews single numbers (the ratios are interleaved).
        "load average (1, 5, 15 min) at the end": ", ".join(
            f"{load:.1f}" for load in os.getloadavg()
        ),
        "versions": ", ".join(versions),
    }


def _schema_builds() -> list[dict]:
    rows = []
    for name, label in (
        ("rail", "Rail Django (queries, mutations, filters)"),
        ("graphene", "graphene-django (DjangoObjectType + list fields)"),
        ("strawberry", "strawberry-django (types + list fields)"),
    ):
        row = {"name": label}
        for what in ("time", "memory"):
            done = subprocess.run(
                [sys.executable, str(HERE / "schema_build.py"), name, what],
                capture_output=True,
                text=True,
                cwd=HERE,
            )
            if done.returncode != 0:
                print(f"[bench] schema build {name} failed: {done.stderr[-500:]}")
                break
            row.update(json.loads(done.stdout.strip().splitlines()[-1]))
        if "seconds" in row and "peak_mib" in row:
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--out", default="docs/benchmarks/")
    parser.add_argument("--requests", type=int, default=60, help="sequential requests per case")
    parser.add_argument("--threads", type=int, default=4, help="client threads for requests/s")
    parser.add_argument("--skip-build", action="store_true", help="no schema build / imports")
    args = parser.parse_args()

    _prepare_database(args.db)
    bench_settings.configure(args.db)
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    import report
    from bench_seed import seed
    from measure import measure_case
    from peers import PEERS

    results, mismatches = [], []
    for size in [int(s) for s in args.sizes.split(",")]:
        counts = seed(size)
        print(f"[bench] {args.db}: seeded {counts}")
        for query in ("flat", "nested", "filtered"):
            case = measure_case(PEERS, query, size, args.requests, args.threads)
            rail_answer = list(case[0].answer.values())[0]
            for result in case:
                if list(result.answer.values())[0] != rail_answer:
                    mismatches.append(f"{result.peer}, {query}, size {size}")
                results.append(result)
                print(
                    f"[bench] {size:>5} {query:<8} {result.peer:<36} {result.median_ms:8.2f} ms "
                    f"{result.requests_per_s:7.0f} req/s {result.sql_queries:4} SQL"
                )
    extras: dict = {"mismatches": mismatches}
    if not args.skip_build:
        from import_times import import_times

        extras["schema_build"] = _schema_builds()
        extras["imports"] = import_times()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    machine = _machine(args.db)
    (out / f"results-{args.db}.md").write_text(report.markdown(args.db, results, machine, extras))
    report.chart(args.db, results, out / f"results-{args.db}.png")
    report.raw(results, {**extras, "machine": machine}, out / f"results-{args.db}.json")
    print(f"[bench] wrote {out}/results-{args.db}.md, .png and .json")


if __name__ == "__main__":
    main()

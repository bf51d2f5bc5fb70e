"""Benchmark: ``modelSchema`` of a 60-field model, cold and warm (target: <= 20 ms warm).

Run from the repository root (not part of the test run)::

    python tools/bench/metadata_schema.py [--rounds 200]

Uses the test settings of the repository's ``conftest.py`` plus a model of 60 fields (20 text,
20 numeric, 10 dates, 10 choices) declared here, and a superuser over HTTP (Django's test
client). Timed in one run: ``{ __typename }`` over HTTP (the baseline: the endpoint's own
cost), ``modelSchema`` over HTTP warm, ``modelSchema`` served in process (the metadata service
alone), and the first ``modelSchema`` after a schema build (facts computed). Prints medians and
the ratio of warm ``modelSchema`` to the baseline.
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

DOCUMENT = """{ modelSchema(app: "core_metadata_testapp", model: "Wide") {
  metadataVersion fields { name fieldType graphqlType required choices { value label }
  isDate isNumeric isText isRichText isFsmField readable writable visibility }
  relationships { name } mutations { name allowed requiredPermissions }
  permissions { canList canCreate canUpdate canDelete canExport } } }"""


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def wide_model():
    from django.db import models

    attrs = {"__module__": "core_metadata_testapp.models"}
    for i in range(20):
        attrs[f"text_{i}"] = models.CharField(max_length=50, blank=True)
        attrs[f"number_{i}"] = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    for i in range(10):
        attrs[f"day_{i}"] = models.DateField(null=True, blank=True)
        attrs[f"kind_{i}"] = models.CharField(
            max_length=5, choices=[("a", "A"), ("b", "B"), ("c", "C")], default="a"
        )
    return type("Wide", (models.Model,), attrs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    import conftest

    conftest.pytest_configure()
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = _NoMigrations()
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"show_metadata": True}}
    django.setup()
    model = wide_model()
    assert len(model._meta.concrete_fields) == 61  # + id
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import setup_test_environment

    from rail_django.core.registry import schema_registry
    from rail_django.extensions.metadata import service_for

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        boss = get_user_model().objects.create_superuser("boss", "b@x.test", "pw")
        client = Client()
        client.force_login(boss)

        def post(query: str) -> float:
            body = json.dumps({"query": query})
            started = time.perf_counter()
            response = client.post("/graphql/", data=body, content_type="application/json")
            elapsed = time.perf_counter() - started
            assert "errors" not in response.json(), response.content[:300]
            return elapsed

        cold = []
        for _ in range(5):
            schema_registry.clear()
            schema_registry.get_schema("gql")
            cold.append(post(DOCUMENT))
        for _ in range(20):
            post(DOCUMENT), post("{ __typename }")
        baseline, warm = [], []
        for _ in range(args.rounds):
            baseline.append(post("{ __typename }"))
            warm.append(post(DOCUMENT))
        service = service_for(schema_registry.get_schema("gql").runtime)
        request = RequestFactory().get("/")
        request.user = boss
        direct = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            service.model_schema(model, boss, request)
            direct.append(time.perf_counter() - started)

        def ms(values: list[float]) -> float:
            return statistics.median(values) * 1000

        print(f"database: {connection.vendor}; {args.rounds} rounds; model of 60 fields")
        print(f"  baseline {{ __typename }} over HTTP   median {ms(baseline):.3f} ms")
        print(f"  modelSchema over HTTP, warm         median {ms(warm):.3f} ms")
        print(f"  modelSchema in process, warm        median {ms(direct):.3f} ms")
        print(f"  first modelSchema after a build     median {ms(cold):.3f} ms")
        print(f"  warm / baseline                     {ms(warm) / ms(baseline):.2f}x")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

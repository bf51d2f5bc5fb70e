"""Cold import time of each package: a fresh interpreter per measurement, Django set up first
(not counted), then the package's entry modules imported and timed."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

PACKAGES = {
    "rail-django-contracts": ["rail_django.contracts"],
    "rail-django-core": ["rail_django.core.schema_builder", "rail_django.core.urls"],
    "rail-django-filtering": ["rail_django.filtering"],
    "graphene-django": ["graphene_django", "graphene_django.views"],
    "graphene-django-query-optimizer": ["query_optimizer"],
    "strawberry-django": [
        "strawberry_django",
        "strawberry_django.optimizer",
        "strawberry.django.views",
    ],
}

_SNIPPET = """
import time, django
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
    DATABASES={{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}}},
)
django.setup()
import importlib
started = time.perf_counter()
for name in {modules!r}:
    importlib.import_module(name)
print(time.perf_counter() - started)
"""


def import_times(runs: int = 5) -> list[dict]:
    rows = []
    for package, modules in PACKAGES.items():
        samples = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", _SNIPPET.format(modules=modules)],
                capture_output=True,
                text=True,
                cwd=Path(__file__).parent,
            )
            if done.returncode != 0:
                break
            samples.append(float(done.stdout.strip()) * 1000)
        if samples:
            rows.append({"package": package, "modules": modules, "ms": statistics.median(samples)})
    return rows


if __name__ == "__main__":
    print(json.dumps(import_times(), indent=2))

"""Test-run configuration shared by every package's tests.

Each package's tests run in one pytest run (``hatch run test``) or alone with only that package
installed (the CI matrix's cherry-pick jobs). Django is configured here from what is importable, so
the same file serves both: a Rail Django app is installed when its distribution is, and a package's
test app (``packages/<pkg>/tests/<name>_testapp``) only when the package it tests is.

``RAIL_TEST_DATABASE=postgres`` runs the suite on PostgreSQL (``RAIL_TEST_POSTGRES_*`` to point it
elsewhere); the default is SQLite, the embedded default of a new project.

Parallel runs (pytest-xdist, ``hatch run test``): each worker is a process with its own in-memory
SQLite database, PostgreSQL test database (pytest-django adds ``_gw0``, ``_gw1``... to its name),
temporary folders and live-server port. Redis is shared, so ``RAIL_TEST_REDIS_URL`` is rewritten
per worker to a database of its own: worker ``gwN`` uses database ``base + N``. Tests that use
Redis read ``RAIL_TEST_REDIS_URL`` and may flush their database.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent

# Rail Django apps in dependency order, with the test apps that exercise each.
RAIL_APPS: dict[str, str] = {
    "rail_django.contracts": "contracts",
    "rail_django.core": "core",
    "rail_django.filtering": "filtering",
    "rail_django.security": "security",
    "rail_django.extensions.mfa": "security",
    "rail_django.extensions.subscriptions": "subscriptions",
    "rail_django.extensions.exporting": "export",
    "rail_django.extensions.reporting": "reporting",
    "rail_django.extensions.templating": "templating",
    "rail_django.extensions.tasks": "tasks",
    "rail_django.extensions.audit": "security",
}


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _database() -> dict[str, object]:
    kind = os.environ.get("RAIL_TEST_DATABASE", "sqlite")
    if kind == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    if kind == "postgres":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("RAIL_TEST_POSTGRES_DB", "test"),
            "USER": os.environ.get("RAIL_TEST_POSTGRES_USER", "postgres"),
            "PASSWORD": os.environ.get("RAIL_TEST_POSTGRES_PASSWORD", ""),
            "HOST": os.environ.get("RAIL_TEST_POSTGRES_HOST", "127.0.0.1"),
            "PORT": os.environ.get("RAIL_TEST_POSTGRES_PORT", "5432"),
            "TEST": {"NAME": os.environ.get("RAIL_TEST_POSTGRES_TEST_DB", "rail_django_test")},
        }
    raise RuntimeError(f"RAIL_TEST_DATABASE must be 'sqlite' or 'postgres', not {kind!r}")


def _apps() -> list[str]:
    apps = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
    ]
    for module, folder in RAIL_APPS.items():
        if not _installed(module):
            continue
        apps.append(module)
        tests_dir = ROOT / "packages" / folder / "tests"
        for app_dir in sorted(tests_dir.glob("*_testapp")):
            if str(tests_dir) not in sys.path:
                sys.path.insert(0, str(tests_dir))
            if app_dir.name not in apps:  # two apps of one distribution share its tests
                apps.append(app_dir.name)
    return apps


def worker_redis_url(url: str, worker: str | None) -> str:
    """``url`` with its database number moved up by the xdist worker's index (``gw3``: +3)."""
    if not worker:
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    if database > 15:
        raise RuntimeError(
            f"{worker}: Redis database {database} does not exist (0-15): use fewer workers"
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


urlpatterns: list[object] = []  # the URLconf of runs without rail-django-core


def pytest_configure() -> None:
    from django.conf import settings

    # The controller process records the base URL; each worker derives its own from it (once,
    # however often this hook runs).
    redis_url = os.environ.setdefault(
        "RAIL_TEST_REDIS_BASE_URL", os.environ.get("RAIL_TEST_REDIS_URL", "")
    )
    if redis_url:
        os.environ["RAIL_TEST_REDIS_URL"] = worker_redis_url(
            redis_url, os.environ.get("PYTEST_XDIST_WORKER")
        )

    if settings.configured:
        return
    settings.configure(
        DEBUG=False,
        SECRET_KEY="rail-django-tests-only-not-secret",
        ALLOWED_HOSTS=["testserver", "localhost", "127.0.0.1"],
        # Files the tests store (exports, uploads) land in a folder of this run, never the
        # checkout.
        MEDIA_ROOT=tempfile.mkdtemp(prefix="rail-test-media-"),
        INSTALLED_APPS=_apps(),
        DATABASES={"default": _database()},
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        ROOT_URLCONF="core_testapp.urls" if _installed("rail_django.core") else __name__,
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        STATIC_URL="/static/",
        USE_TZ=True,
        TIME_ZONE="UTC",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        RAIL_DJANGO_GRAPHQL={},
    )

"""Run the storefront example the way a user does: ``manage.py`` in its own process.

The example has its own settings, so nothing here touches the Django configured in the test
process. Each call gets an explicit ``DJANGO_SETTINGS_MODULE`` and ``DATABASE_URL``. The database
is a temporary SQLite file, or a fresh PostgreSQL database when ``RAIL_TEST_DATABASE=postgres``
(the switch the packages' tests use).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
MANAGE = PROJECT / "manage.py"
RESULT_MARKER = "RESULT:"
PROD_SECRET = "test-only-" + "x7Gq2LmZ9pRt4VwB8yNc3KdH6fJs1XaE5uTo0iQe" * 2


def example_env(settings: str, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of one ``manage.py`` run, free of the test process's Django settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEMO_", "RAIL_ENABLE_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=database_url,
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def manage(
    *args: str,
    database_url: str,
    settings: str = "root.settings.dev",
    cwd: Path | None = None,
    check: bool = True,
    timeout: float = 180,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """Run ``python manage.py <args>``; fail with its output when ``check`` and it fails."""
    completed = subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=cwd or PROJECT,
        env=example_env(settings, database_url, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} exited {completed.returncode}\n"
            f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
        )
    return completed


def run_in_project(code: str, *, database_url: str, settings: str = "root.settings.dev", **env):
    """Run ``code`` in ``manage.py shell``; it reports by calling ``report(value)`` once."""
    script = (
        "import json\n"
        f"def report(value):\n    print({RESULT_MARKER!r} + json.dumps(value, default=str))\n"
        + code
    )
    completed = manage("shell", "-c", script, database_url=database_url, settings=settings, **env)
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith(RESULT_MARKER):
            return json.loads(line[len(RESULT_MARKER) :])
    raise AssertionError(f"no result reported\n{completed.stdout}\n{completed.stderr}")


GRAPHQL_CLIENT = """
from django.test.utils import setup_test_environment

from rail_django.testing import GraphQLTestClient

setup_test_environment()  # lets the test client's host ("testserver") through ALLOWED_HOSTS


def graphql(query, username=None, path="/graphql/", variables=None):
    client = GraphQLTestClient(url=path)
    if username is not None:
        from django.contrib.auth import get_user_model

        client.login(get_user_model().objects.get(username=username))
    response = client.execute(query, variables, secure=True)
    return {"status": response.status_code, "body": dict(response)}
"""


def graphql_in_project(code: str, *, database_url: str, settings: str = "root.settings.dev", **env):
    """Like :func:`run_in_project`, with ``graphql(query, username=..., path=...)`` defined."""
    return run_in_project(
        GRAPHQL_CLIENT + code, database_url=database_url, settings=settings, **env
    )


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test module; dropped afterwards."""
    import psycopg

    host = os.environ.get("RAIL_TEST_POSTGRES_HOST", "127.0.0.1")
    port = os.environ.get("RAIL_TEST_POSTGRES_PORT", "5432")
    user = os.environ.get("RAIL_TEST_POSTGRES_USER", "postgres")
    password = os.environ.get("RAIL_TEST_POSTGRES_PASSWORD", "")
    name = f"rail_example_store_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=host, port=port, user=user, password=password, dbname="postgres", autocommit=True
    )
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        credentials = f"{user}:{password}" if password else user
        yield f"postgres://{credentials}@{host}:{port}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


class ExampleProject:
    """The example project, driven through ``manage.py`` against one database."""

    path = PROJECT

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    def command(self, *args: str) -> list[str]:
        """The argv of ``python manage.py <args>``, for a process the caller manages itself."""
        return [sys.executable, str(MANAGE), *args]

    def environment(self, settings: str = "root.settings.dev", **extra: str) -> dict[str, str]:
        """The environment of a ``manage.py`` process on this project's database."""
        return example_env(settings, self.database_url, **extra)

    def manage(self, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
        kwargs.setdefault("database_url", self.database_url)
        return manage(*args, **kwargs)

    def run(self, code: str, **kwargs):
        kwargs.setdefault("database_url", self.database_url)
        return run_in_project(code, **kwargs)

    def graphql(self, code: str, **kwargs):
        kwargs.setdefault("database_url", self.database_url)
        return graphql_in_project(code, **kwargs)


@contextmanager
def empty_database(tmp_dir: Path) -> Iterator[str]:
    """A new empty database on the engine this test run uses; its ``DATABASE_URL``."""
    kind = os.environ.get("RAIL_TEST_DATABASE", "sqlite")
    if kind == "postgres":
        with postgres_database() as url:
            yield url
    elif kind == "sqlite":
        yield f"sqlite:///{tmp_dir / 'store.sqlite3'}"
    else:
        raise RuntimeError(f"RAIL_TEST_DATABASE must be 'sqlite' or 'postgres', not {kind!r}")


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory) -> Iterator[ExampleProject]:
    """The example with its migrations applied and the demo data loaded (dev settings)."""
    with empty_database(tmp_path_factory.mktemp("store")) as url:
        project = ExampleProject(url)
        project.manage("migrate", "--noinput")
        project.manage("load_demo_data")
        yield project


@pytest.fixture
def fresh_project(tmp_path) -> Iterator[ExampleProject]:
    """The example on an empty database of its own (nothing migrated)."""
    with empty_database(tmp_path) as url:
        yield ExampleProject(url)

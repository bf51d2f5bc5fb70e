"""A project made by ``rail-admin startproject`` in a temporary folder, driven as a user does.

Every command runs in its own process with this test run's Python. The packages are not
installed into a fresh virtualenv (too slow on CI's two cores): ``PYTHONPATH`` lists the
repository's ``packages/*/src``, which is what an editable install of each package gives.
The database is SQLite in the project folder, or a fresh PostgreSQL database when
``RAIL_TEST_DATABASE=postgres``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SOURCES = sorted(str(path) for path in (REPO / "packages").glob("*/src"))


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: no Django settings of this test run, our sources."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "JWT_", "RAIL_ENABLE_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "CACHE_PATH", "LOG_PATH"}
    }
    env["PYTHONPATH"] = os.pathsep.join(SOURCES)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def run(
    *args: str, cwd: Path, check: bool = True, timeout: float = 240, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``args`` in ``cwd``; fail with the output when ``check`` and it fails."""
    completed = subprocess.run(
        list(args),
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} exited {completed.returncode}\n"
            f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
        )
    return completed


def rail_admin(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``rail-admin ARGS`` (the console script's function, run as a module)."""
    return run(sys.executable, "-m", "rail_django.core.scaffold.cli", *args, cwd=cwd, check=check)


def manage(project: Path, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "manage.py", *args, cwd=project, **kwargs)


def env_file(path: Path) -> dict[str, str]:
    """The ``KEY=value`` lines of a ``.env`` file."""
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


@contextmanager
def database_url() -> Iterator[str | None]:
    """``None`` (the project's SQLite default), or a fresh PostgreSQL database's URL."""
    if os.environ.get("RAIL_TEST_DATABASE", "sqlite") != "postgres":
        yield None
        return
    import psycopg

    host = os.environ.get("RAIL_TEST_POSTGRES_HOST", "127.0.0.1")
    port = os.environ.get("RAIL_TEST_POSTGRES_PORT", "5432")
    user = os.environ.get("RAIL_TEST_POSTGRES_USER", "postgres")
    password = os.environ.get("RAIL_TEST_POSTGRES_PASSWORD", "")
    base = os.environ.get("RAIL_TEST_POSTGRES_TEST_DB", "rail_django_test")
    name = f"{base}_scaffold_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=host, port=port, user=user, password=password, dbname="postgres", autocommit=True
    )
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        credentials = f"{user}:{password}" if password else user
        yield f"postgres://{credentials}@{host}:{port}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # manage.py test's own database, named after the project's.
        admin.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')
        admin.close()


def require_tool(found: bool, reason: str) -> None:
    """Skip without the tool, except under ``CI=1`` (``.ci/run``), where that fails the test."""
    if found:
        return
    if os.environ.get("CI") == "1":
        pytest.fail(f"CI=1 and {reason}", pytrace=False)
    pytest.skip(reason)

"""Parallel test runs (pytest-xdist): what each worker gets of its own, and how CI runs them."""

from __future__ import annotations

import importlib.util
import os
import tomllib

import pytest
from rail_tools_testing import REPO


def _root_conftest():
    # The repository's conftest, loaded under a name of its own (pytest already imported it).
    spec = importlib.util.spec_from_file_location("rail_root_conftest", REPO / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_worker_gets_a_redis_database_of_its_own():
    worker_redis_url = _root_conftest().worker_redis_url
    assert worker_redis_url("redis://127.0.0.1:6379/0", None) == "redis://127.0.0.1:6379/0"
    assert worker_redis_url("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/0"
    assert worker_redis_url("redis://127.0.0.1:6379/2", "gw1") == "redis://127.0.0.1:6379/3"
    assert worker_redis_url("redis://:pw@cache:6380", "gw3") == "redis://:pw@cache:6380/3"
    with pytest.raises(RuntimeError, match="use fewer workers"):
        worker_redis_url("redis://127.0.0.1:6379/10", "gw6")


def test_this_process_uses_the_redis_database_of_its_worker():
    base = os.environ.get("RAIL_TEST_REDIS_BASE_URL")
    if not base:
        pytest.skip("RAIL_TEST_REDIS_URL is not set for this run")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    expected = _root_conftest().worker_redis_url(base, worker)
    assert os.environ["RAIL_TEST_REDIS_URL"] == expected


@pytest.mark.django_db
def test_each_worker_has_a_test_database_of_its_own():
    from django.db import connection

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        if worker:
            assert name.endswith(f"_{worker}"), name
        else:
            assert name == os.environ.get("RAIL_TEST_POSTGRES_TEST_DB", "rail_django_test")
    else:
        # SQLite: an in-memory database, which is one per process.
        assert connection.vendor == "sqlite" and "memory" in str(name), name


def test_the_readme_command_runs_in_parallel_and_ci_times_its_steps():
    hatch = tomllib.loads((REPO / "hatch.toml").read_text())
    default = hatch["envs"]["default"]
    assert any(dep.startswith("pytest-xdist") for dep in default["dependencies"])
    assert "pytest -n auto" in default["scripts"]["test"]
    assert default["scripts"]["lint"] == hatch["envs"]["lint"]["scripts"]["check"]
    ci_run = (REPO / ".ci" / "run").read_text()
    # One environment for every step, each step timed, the browser required.
    assert ci_run.count('"$HATCH" env create') == 2  # the default env and the newest cell's
    assert '"$HATCH" run lint' in ci_run and "lint:check" not in ci_run
    assert "=== durations" in ci_run
    assert "refusing to skip the browser test" in ci_run
    assert "export CI=1" in ci_run

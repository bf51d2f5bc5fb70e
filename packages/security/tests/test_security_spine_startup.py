"""The spine never fails open on a missing ``INSTALLED_APPS`` line.

The guide never names ``rail_django.contracts`` as an app to install. Listed or not, row scoping
applies in GraphQL lists, ``manage.py check`` reports a misspelt settings key with its id, and
the settings cache follows ``override_settings``. Each configuration runs in its own Django
process (``security_spine_probe.py``): this test run's process has the contracts app installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parent / "security_spine_probe.py"
RESULT_MARKER = "RESULT:"

CONFIGURATIONS = pytest.mark.parametrize(
    "contracts_app", [False, True], ids=["without-contracts-app", "with-contracts-app"]
)


def run_probe(command: str, contracts_app: bool, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "RAIL_PROBE_CONTRACTS_APP": "1" if contracts_app else "0",
        **env,
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, str(PROBE), command],
        cwd=PROBE.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@CONFIGURATIONS
def test_row_scoping_and_the_settings_cache_act(contracts_app):
    completed = run_probe("scenario", contracts_app)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    line = next(x for x in completed.stdout.splitlines() if x.startswith(RESULT_MARKER))
    result = json.loads(line[len(RESULT_MARKER) :])
    assert ("rail_django.contracts" in result["apps"]) is contracts_app
    # Ann holds only view_project_own: the list holds her project alone.
    assert result["scoped"] == ["Apollo"]
    # override_settings reaches the settings cache, on the way in and on the way out.
    assert (result["page_size_before"], result["page_size_inside"]) == (20, 7)
    assert result["unscoped"] == ["Apollo", "Borealis"]
    assert result["page_size_after"] == 20
    assert result["scoped_after"] == ["Apollo"]


@CONFIGURATIONS
def test_manage_py_check_reports_a_misspelt_key(contracts_app):
    misspelt = run_probe("check", contracts_app, RAIL_PROBE_MISSPELT="1")
    output = misspelt.stdout + misspelt.stderr
    assert misspelt.returncode != 0, output
    assert "rail_django.E003" in output
    assert "max_page_sise" in output and "max_page_size" in output  # the did-you-mean hint
    clean = run_probe("check", contracts_app)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "rail_django.E003" not in clean.stdout + clean.stderr

"""Helpers for the repo tooling tests: run git and the tools the way developers and CI do.

Kept out of ``conftest.py`` because the repository root has its own ``conftest`` module; tests
import these by this module's (unique) name.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent
REPO = TOOLS.parent


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` (with a fixed identity) and return its output."""
    result = subprocess.run(
        ["git", "-c", "user.name=tools-tests", "-c", "user.email=tools@tests.invalid", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def run_tool(script: str, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run ``tools/<script>`` with this interpreter, as CI and developers do."""
    return subprocess.run(
        [sys.executable, str(TOOLS / script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )

"""Shared fixtures for the repo tooling tests: the tools on sys.path, and throwaway repo copies.

The tools are scripts run as ``python tools/<name>.py``; tests import their modules the same way
(with ``tools/`` on ``sys.path``) and run the scripts themselves as subprocesses. Anything that
changes files runs on a copy of the committed ``packages/`` tree inside a fresh git repository, so
a test never touches the real checkout or another engineer's work in progress.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
for folder in (TESTS.parent, TESTS):  # the tools, and rail_tools_testing
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from rail_tools_testing import REPO, git  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "install_alone: builds wheels and pip-installs one package into a fresh venv (~30 s, "
        "needs the package index); deselect with -m 'not install_alone'",
    )


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A git repository holding the committed ``packages/`` tree (one commit, clean)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", "packages"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    root = tmp_path / "repo"
    root.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root, filter="data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root

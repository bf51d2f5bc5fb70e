"""The layering rules of DESIGN §3 are enforced by lint-imports, and a violation fails it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUN_LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())"
)


def _lint(cwd: Path, sources: list[Path]) -> subprocess.CompletedProcess[str]:
    # -S: no site module, so the editable installs' .pth files do not add the real checkout to
    # the namespace next to the copy (import-linter would then see both, in no fixed order).
    # site-packages itself is passed explicitly, after the copies.
    path = [*sources, sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(str(p) for p in path))
    return subprocess.run(
        [sys.executable, "-S", "-c", RUN_LINT_IMPORTS, ".importlinter", "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy_sources(tmp_path: Path) -> list[Path]:
    sources = []
    for src in sorted((REPO / "packages").glob("*/src")):
        target = tmp_path / src.parent.name / "src"
        shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        sources.append(target)
    shutil.copy(REPO / ".importlinter", tmp_path / ".importlinter")
    return sources


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, list[Path]]:
    return tmp_path, _copy_sources(tmp_path)


def _inject(sources: list[Path], package: str, module: str, line: str) -> None:
    src = next(s for s in sources if s.parent.name == package)
    path = src / module
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_repository_keeps_every_contract(tree):
    cwd, sources = tree
    result = _lint(cwd, sources)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("package", "module", "line", "broken"),
    [
        (
            "contracts",
            "rail_django/contracts/audit.py",
            "import rail_django.core.settings_sections",
            "contracts imports no other part of rail_django",
        ),
        (
            "core",
            "rail_django/core/apps.py",
            "import rail_django.extensions.exporting",
            "core imports only contracts",
        ),
        (
            "export",
            "rail_django/extensions/exporting/apps.py",
            "import rail_django.extensions.tasks",
            "export imports no other extension",
        ),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tree, package, module, line, broken):
    cwd, sources = tree
    _inject(sources, package, module, line)
    result = _lint(cwd, sources)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout

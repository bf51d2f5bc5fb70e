"""`tools/check_wheels.py`: every wheel built from the real packages obeys the namespace rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_wheels import read_wheels, static_problems
from monorepo import load_workspace
from rail_tools_testing import REPO, run_tool


@pytest.fixture(scope="module")
def built_wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every package's wheel, built once from this checkout by the tool itself."""
    wheel_dir = tmp_path_factory.mktemp("wheels")
    result = run_tool("check_wheels.py", "--wheel-dir", str(wheel_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all wheel checks passed" in result.stdout
    return wheel_dir


def test_every_package_builds_a_wheel_and_the_set_obeys_the_rules(built_wheels: Path) -> None:
    workspace = load_workspace(REPO)
    wheels = read_wheels(workspace, built_wheels)
    assert set(wheels) == set(workspace.by_folder)
    assert static_problems(workspace, wheels) == []
    for folder, contents in wheels.items():
        assert "rail_django/__init__.py" not in contents.files
        assert "rail_django/extensions/__init__.py" not in contents.files
        if folder != "meta":
            assert contents.modules, folder
    assert "rail_django.core" in wheels["core"].modules
    assert wheels["meta"].files == frozenset()


def test_broken_wheels_are_reported(repo_copy: Path, tmp_path: Path) -> None:
    packages = repo_copy / "packages"
    # A stray namespace __init__.py, a missing py.typed, and a file two wheels would both ship.
    (packages / "contracts/src/rail_django/__init__.py").write_text("")
    (packages / "core/src/rail_django/generators/py.typed").unlink()
    duplicate = packages / "export/src/rail_django/extensions/health/__init__.py"
    duplicate.parent.mkdir(parents=True)
    duplicate.write_text("")

    result = run_tool(
        "check_wheels.py", "--root", str(repo_copy), "--wheel-dir", str(tmp_path / "wheels")
    )

    assert result.returncode == 1
    assert "rail_django_contracts-0.1.0-py3-none-any.whl ships rail_django/__init__.py" in (
        result.stderr
    )
    assert "rail_django/generators/ has no py.typed" in result.stderr
    assert "rail_django/extensions/health/__init__.py is shipped by" in result.stderr


@pytest.mark.install_alone
def test_core_installs_alone_and_extensions_are_absent(built_wheels: Path) -> None:
    """contracts + core alone: their modules import, `import rail_django.security` fails cleanly."""
    result = run_tool(
        "check_wheels.py", "--no-build", "--wheel-dir", str(built_wheels), "--install-alone", "core"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "install alone: core: ok" in result.stdout

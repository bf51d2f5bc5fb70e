"""`tools/packages.py matrix --since REF`: changed files -> packages to test -> CI matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rail_tools_testing import git, run_tool

EVERY_FOLDER = [
    "contracts",
    "core",
    "export",
    "filtering",
    "security",
    "subscriptions",
    "reporting",
    "templating",
    "tasks",
    "meta",
]


def _commit_change(root: Path, relative: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(path.read_text() + "\n# changed\n" if path.exists() else "changed\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"change {relative}")


def _matrix(root: Path, since: str) -> dict[str, str]:
    result = run_tool(
        "packages.py", "--root", str(root), "matrix", "--since", since, "--format", "github"
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split("=", 1) for line in result.stdout.strip().splitlines())


def _folders(outputs: dict[str, str]) -> list[str]:
    return json.loads(outputs["packages"])


@pytest.fixture
def base(repo_copy: Path) -> str:
    return git(repo_copy, "rev-parse", "HEAD").strip()


def test_a_change_in_contracts_tests_every_package(repo_copy: Path, base: str) -> None:
    _commit_change(repo_copy, "packages/contracts/src/rail_django/contracts/__init__.py")
    assert sorted(_folders(_matrix(repo_copy, base))) == sorted(EVERY_FOLDER)


def test_a_change_in_export_tests_export_and_meta_only(repo_copy: Path, base: str) -> None:
    _commit_change(repo_copy, "packages/export/src/rail_django/extensions/exporting/__init__.py")
    outputs = _matrix(repo_copy, base)
    assert _folders(outputs) == ["export", "meta"]
    cells = json.loads(outputs["matrix"])["include"]
    assert {cell["folder"] for cell in cells} == {"export", "meta"}
    assert outputs["any"] == "true"


def test_a_change_in_core_tests_core_and_everything_above_it(repo_copy: Path, base: str) -> None:
    _commit_change(repo_copy, "packages/core/README.md")
    assert sorted(_folders(_matrix(repo_copy, base))) == sorted(set(EVERY_FOLDER) - {"contracts"})


@pytest.mark.parametrize(
    "path",
    ["conftest.py", "pytest.ini", "hatch.toml", "tools/packages.py", ".github/workflows/x.yml"],
)
def test_a_change_outside_packages_tests_every_package(
    repo_copy: Path, base: str, path: str
) -> None:
    _commit_change(repo_copy, path)
    assert sorted(_folders(_matrix(repo_copy, base))) == sorted(EVERY_FOLDER)


def test_a_docs_only_change_tests_nothing(repo_copy: Path, base: str) -> None:
    _commit_change(repo_copy, "docs/content/index.md")
    outputs = _matrix(repo_copy, base)
    assert _folders(outputs) == []
    assert json.loads(outputs["matrix"]) == {"include": []}
    assert outputs["any"] == "false"


def test_uncommitted_and_untracked_changes_count(repo_copy: Path, base: str) -> None:
    (repo_copy / "packages/tasks/changelog.d/7.fixed.md").write_text("Fixed.\n")
    assert _folders(_matrix(repo_copy, base)) == ["tasks", "meta"]


@pytest.mark.parametrize("since", ["0" * 40, "no-such-ref", ""])
def test_an_unknown_base_tests_every_package(repo_copy: Path, since: str) -> None:
    assert sorted(_folders(_matrix(repo_copy, since))) == sorted(EVERY_FOLDER)


def test_matrix_cells_cover_python_and_django_with_django_6_on_312_plus(
    repo_copy: Path, base: str
) -> None:
    _commit_change(repo_copy, "packages/reporting/README.md")
    result = run_tool("packages.py", "--root", str(repo_copy), "matrix", "--since", base)
    assert result.returncode == 0, result.stderr
    cells = json.loads(result.stdout)["include"]
    reporting = [cell for cell in cells if cell["folder"] == "reporting"]
    postgres = {(c["python"], c["django"]) for c in reporting if c["database"] == "postgres"}
    assert postgres == {
        ("3.11", "5.2"),
        ("3.12", "5.2"),
        ("3.13", "5.2"),
        ("3.12", "6"),
        ("3.13", "6"),
    }
    assert [c for c in reporting if c["database"] == "sqlite"] != []
    assert all(not (c["python"] == "3.11" and c["django"] == "6") for c in cells)
    for cell in cells:
        assert {"package", "folder", "python", "django"} <= set(cell)
    assert reporting[0]["package"] == "rail-django-reporting"

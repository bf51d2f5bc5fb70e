"""`tools/packages.py list|graph|check-pins` on the real workspace and on edited copies."""

from __future__ import annotations

import json
from pathlib import Path

from rail_tools_testing import run_tool

FOLDERS = {
    "contracts",
    "core",
    "filtering",
    "security",
    "subscriptions",
    "export",
    "reporting",
    "templating",
    "tasks",
    "meta",
}


def test_list_names_every_package_with_version_and_sibling_deps() -> None:
    result = run_tool("packages.py", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    packages = {entry["folder"]: entry for entry in json.loads(result.stdout)}
    assert set(packages) == FOLDERS
    assert packages["contracts"]["depends_on"] == []
    assert packages["core"]["name"] == "rail-django-core"
    assert packages["core"]["depends_on"] == ["rail-django-contracts"]
    assert len(packages["meta"]["depends_on"]) == len(FOLDERS) - 1
    assert all(entry["version"] for entry in packages.values())


def test_list_text_and_github_formats() -> None:
    text = run_tool("packages.py", "list")
    assert text.returncode == 0
    assert "packages/contracts" in text.stdout and "rail-django-core" in text.stdout
    github = run_tool("packages.py", "list", "--format", "github")
    key, _, value = github.stdout.strip().partition("=")
    assert key == "folders" and set(json.loads(value)) == FOLDERS


def test_graph_lists_dependents_of_contracts() -> None:
    result = run_tool("packages.py", "graph", "--format", "json")
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    required_by = set(graph["rail-django-contracts"]["required_by"])
    assert required_by == {name for name in graph if name != "rail-django-contracts"}
    assert graph["rail-django-export"]["required_by"] == ["rail-django"]
    assert graph["rail-django"]["required_by"] == []
    text = run_tool("packages.py", "graph")
    assert "rail-django-core (" in text.stdout and "  -> rail-django-contracts" in text.stdout


def test_check_pins_passes_on_the_repository() -> None:
    result = run_tool("packages.py", "check-pins")
    assert result.returncode == 0, result.stderr


def test_check_pins_fails_when_a_pin_lags_a_version(repo_copy: Path) -> None:
    about = repo_copy / "packages/export/src/rail_django/extensions/exporting/__about__.py"
    about.write_text(about.read_text().replace('"0.1.0"', '"0.1.1"'))
    result = run_tool("packages.py", "--root", str(repo_copy), "check-pins")
    assert result.returncode == 1
    assert "rail-django-export==0.1.0" in result.stderr
    assert "packages/export is at 0.1.1" in result.stderr


def test_check_pins_fails_when_an_extra_pin_drifts(repo_copy: Path) -> None:
    pyproject = repo_copy / "packages/meta/pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(
        text.replace(
            'signing = ["rail-django-templating[signing]==0.1.0"]',
            'signing = ["rail-django-templating[signing]==0.0.9"]',
        )
    )
    result = run_tool("packages.py", "--root", str(repo_copy), "check-pins")
    assert result.returncode == 1
    assert "optional-dependencies.signing" in result.stderr


def test_check_pins_fails_when_a_sibling_is_not_pinned(repo_copy: Path) -> None:
    pyproject = repo_copy / "packages/meta/pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('    "rail-django-reporting==0.1.0",\n', ""))
    result = run_tool("packages.py", "--root", str(repo_copy), "check-pins")
    assert result.returncode == 1
    assert "does not pin rail-django-reporting" in result.stderr

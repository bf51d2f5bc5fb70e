"""The GitHub workflows parse, and run what the repository's tools and layout expect."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rail_tools_testing import REPO

WORKFLOWS = REPO / ".github" / "workflows"
EXPECTED = {"lint.yml", "tests.yml", "wheels.yml", "docs.yml", "release.yml"}


def _load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the bare key `on` as the boolean True.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def _run_lines(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_every_expected_workflow_exists() -> None:
    assert {path.name for path in WORKFLOWS.glob("*.yml")} >= EXPECTED


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda path: path.name)
def test_workflow_parses_with_triggers_and_jobs(path: Path) -> None:
    workflow = _load(path.name)
    assert workflow["name"]
    assert workflow["on"]
    for job_id, job in workflow["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", job_id
        assert job["steps"], job_id
        for step in job["steps"]:
            assert "uses" in step or "run" in step, (job_id, step)


def test_tests_workflow_plans_with_the_matrix_tool_and_runs_services() -> None:
    workflow = _load("tests.yml")
    changes, test = workflow["jobs"]["changes"], workflow["jobs"]["test"]
    assert "tools/packages.py matrix" in _run_lines(changes)
    assert "--format github" in _run_lines(changes)
    assert "fromJSON(needs.changes.outputs.matrix)" in test["strategy"]["matrix"]
    images = {name: service["image"] for name, service in test["services"].items()}
    assert images["postgres"].startswith("postgres:16")
    assert images["redis"].startswith("redis:7")
    assert "hatch==1.18.2" in _run_lines(test)
    assert "pytest packages/${{ matrix.folder }}/tests" in _run_lines(test)
    assert test["env"]["RAIL_TEST_DATABASE"] == "${{ matrix.database }}"


def test_lint_docs_wheels_and_release_run_the_repository_commands() -> None:
    assert "hatch run lint:check" in _run_lines(_load("lint.yml")["jobs"]["lint"])
    assert "hatch run docs:build" in _run_lines(_load("docs.yml")["jobs"]["build"])
    wheels = _load("wheels.yml")["jobs"]
    assert "tools/check_wheels.py" in _run_lines(wheels["build"])
    assert "--install-alone" in _run_lines(wheels["install-alone"])
    release = _load("release.yml")
    assert release["on"]["push"]["tags"] == ["*-v*"]
    publish = release["jobs"]["publish"]
    assert publish["permissions"]["id-token"] == "write"
    assert any(
        step.get("uses", "").startswith("pypa/gh-action-pypi-publish") for step in publish["steps"]
    )
    assert "tools/release.py build" in _run_lines(release["jobs"]["build"])


def test_hatch_version_is_the_pinned_one_everywhere() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        text = path.read_text()
        if "install hatch" in text or "pip install hatch" in text:
            assert "hatch==1.18.2" in text, path.name

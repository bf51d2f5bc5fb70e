"""`tools/release.py`: bump a package on a throwaway copy of the repository, build, verify tags."""

from __future__ import annotations

import importlib.util
import tarfile
import tomllib
from pathlib import Path

from rail_tools_testing import git, run_tool

CONTRACTS_ABOUT = "packages/contracts/src/rail_django/contracts/__about__.py"
TEMPLATING_ABOUT = "packages/templating/src/rail_django/extensions/templating/__about__.py"


def _project(root: Path, folder: str) -> dict:
    return tomllib.loads((root / f"packages/{folder}/pyproject.toml").read_text())["project"]


def _bump(root: Path, *args: str):
    return run_tool("release.py", "--root", str(root), "bump", *args)


def test_minor_bump_of_contracts_moves_pins_and_ranges(repo_copy: Path) -> None:
    fragment = repo_copy / "packages/contracts/changelog.d/2.added.md"
    fragment_text = fragment.read_text().strip()

    result = _bump(repo_copy, "contracts", "minor")

    assert result.returncode == 0, result.stderr
    assert '__version__ = "0.2.0"' in (repo_copy / CONTRACTS_ABOUT).read_text()
    changelog = (repo_copy / "packages/contracts/CHANGELOG.md").read_text()
    assert "## 0.2.0" in changelog
    # towncrier indents a fragment's continuation lines: compare the words.
    assert " ".join(fragment_text.split()) in " ".join(changelog.split())
    assert changelog.index("<!-- towncrier release notes start -->") < changelog.index("## 0.2.0")
    assert not fragment.exists()
    # The meta-package pins the new version exactly; every dependent's range now admits it.
    assert "rail-django-contracts==0.2.0" in _project(repo_copy, "meta")["dependencies"]
    for folder in ("core", "export", "filtering", "tasks"):
        assert "rail-django-contracts>=0.2.0,<0.3" in _project(repo_copy, folder)["dependencies"]
    # Other requirements are untouched.
    assert "rail-django-core>=0.1.0,<0.2" in _project(repo_copy, "export")["dependencies"]
    assert "release it too" in result.stdout
    assert run_tool("packages.py", "--root", str(repo_copy), "check-pins").returncode == 0


def test_patch_bump_keeps_ranges_and_repins_meta_extras(repo_copy: Path) -> None:
    before = {
        folder: (repo_copy / f"packages/{folder}/pyproject.toml").read_text()
        for folder in ("core", "export", "contracts")
    }

    result = _bump(repo_copy, "templating", "patch")

    assert result.returncode == 0, result.stderr
    assert '__version__ = "0.1.1"' in (repo_copy / TEMPLATING_ABOUT).read_text()
    meta = _project(repo_copy, "meta")
    assert "rail-django-templating==0.1.1" in meta["dependencies"]
    assert meta["optional-dependencies"]["signing"] == ["rail-django-templating[signing]==0.1.1"]
    assert "rail-django-templating[signing]==0.1.1" in meta["optional-dependencies"]["all"]
    assert "rail-django-tasks[dramatiq]==0.1.0" in meta["optional-dependencies"]["all"]
    for folder, text in before.items():
        assert (repo_copy / f"packages/{folder}/pyproject.toml").read_text() == text
    assert run_tool("packages.py", "--root", str(repo_copy), "check-pins").returncode == 0


def test_explicit_version_and_meta_bump(repo_copy: Path) -> None:
    (repo_copy / "packages/meta/changelog.d/9.changed.md").write_text("Pins the new set.\n")
    result = _bump(repo_copy, "meta", "1.0.0")
    assert result.returncode == 0, result.stderr
    assert '__version__ = "1.0.0"' in (repo_copy / "packages/meta/VERSION.py").read_text()
    assert "## 1.0.0" in (repo_copy / "packages/meta/CHANGELOG.md").read_text()
    assert list((repo_copy / "packages/meta/changelog.d").glob("*.md")) == []


def test_major_bump_of_core_moves_ranges_to_the_next_major(repo_copy: Path) -> None:
    result = _bump(repo_copy, "core", "major")
    assert result.returncode == 0, result.stderr
    assert "rail-django-core>=1.0.0,<2" in _project(repo_copy, "security")["dependencies"]


def test_release_without_fragments_is_refused_and_changes_nothing(repo_copy: Path) -> None:
    fragments = sorted((repo_copy / "packages/contracts/changelog.d").glob("*.md"))
    git(repo_copy, "rm", "-q", *(str(f.relative_to(repo_copy)) for f in fragments))
    git(repo_copy, "commit", "-q", "-m", "no fragments")

    result = _bump(repo_copy, "contracts", "patch")

    assert result.returncode == 1
    assert "no fragment" in result.stderr
    assert git(repo_copy, "status", "--porcelain") == ""


def test_a_version_that_is_not_newer_is_refused(repo_copy: Path) -> None:
    result = _bump(repo_copy, "contracts", "0.1.0")
    assert result.returncode == 1
    assert "not newer" in result.stderr
    assert git(repo_copy, "status", "--porcelain") == ""


def test_unknown_folder_is_refused(repo_copy: Path) -> None:
    result = _bump(repo_copy, "nope", "patch")
    assert result.returncode == 1
    assert "known:" in result.stderr


def test_verify_tag(repo_copy: Path) -> None:
    ok = run_tool("release.py", "--root", str(repo_copy), "verify-tag", "export-v0.1.0")
    assert ok.returncode == 0, ok.stderr
    assert "folder=export" in ok.stdout.splitlines()
    wrong = run_tool("release.py", "--root", str(repo_copy), "verify-tag", "export-v9.9.9")
    assert wrong.returncode == 1 and "9.9.9" in wrong.stderr
    assert run_tool("release.py", "--root", str(repo_copy), "verify-tag", "v1.0").returncode == 1


def test_build_writes_wheel_and_sdist(tmp_path: Path) -> None:
    # Without a local hatchling, `build` fetches one into an isolated build environment.
    local_backend = ["--no-isolation"] if importlib.util.find_spec("hatchling") else []
    result = run_tool("release.py", "build", "contracts", "--outdir", str(tmp_path), *local_backend)
    assert result.returncode == 0, result.stderr
    wheels = list(tmp_path.glob("rail_django_contracts-*.whl"))
    sdists = list(tmp_path.glob("rail_django_contracts-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    with tarfile.open(sdists[0]) as sdist:
        names = sdist.getnames()
    assert any(name.endswith("/CHANGELOG.md") for name in names)
    assert any(name.endswith("/pyproject.toml") for name in names)

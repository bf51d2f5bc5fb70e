"""The documentation site: a page per package, in the nav, and a strict mkdocs build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from monorepo import load_workspace
from rail_tools_testing import REPO

DOCS = REPO / "docs"


def _config() -> dict:
    # mkdocs.yml may hold !!python tags in the future; BaseLoader reads any of it as plain data.
    return yaml.load((DOCS / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)


def _nav_pages(nav: list) -> list[str]:
    pages = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages += _nav_pages(value) if isinstance(value, list) else [value]
    return pages


def test_every_package_has_a_page_in_the_nav() -> None:
    config = _config()
    assert config["site_name"] == "Rail Django"
    content = DOCS / config["docs_dir"]
    pages = _nav_pages(config["nav"])
    for package in load_workspace(REPO).packages:
        page = f"packages/{package.folder}.md"
        assert page in pages, page
        text = (content / page).read_text()
        assert f"pip install {package.name}" in text
        assert "## What it is" in text
    assert "development.md" in pages and "index.md" in pages
    for page in pages:
        assert (content / page).is_file(), page


def test_development_page_covers_the_workflow() -> None:
    text = (DOCS / "content" / "development.md").read_text()
    for needle in ("changelog.d", "tools/release.py bump", "packages.py matrix", "hatch run"):
        assert needle in text


def test_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(DOCS / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "packages" / "core" / "index.html").is_file()

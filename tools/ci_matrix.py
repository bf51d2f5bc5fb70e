"""Which packages a change touches, and the CI test matrix for them.

A change inside ``packages/<folder>/`` touches that package and, transitively, every package that
depends on it (the meta-package depends on all). A change anywhere else that can alter how tests run
(the root conftest, pytest.ini, hatch.toml, tools/, the workflows...) touches every package.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from monorepo import Package, Workspace

PYTHONS = ("3.11", "3.12", "3.13")
DJANGOS = ("5.2", "6")
# Django 6 supports Python 3.12 and newer only.
MIN_PYTHON_FOR_DJANGO = {"5.2": (3, 10), "6": (3, 12)}
# Every cell runs on PostgreSQL; one extra cell per package proves the SQLite default.
SQLITE_CELL = {"python": "3.13", "django": "6"}

# Paths that never change what a package's tests do: the docs site is built by its own workflow.
IGNORED_PREFIXES = ("docs/",)

# What `git diff` reports as the "before" of a push that created the branch.
NULL_SHA = "0" * 40


def affected_packages(workspace: Workspace, changed_files: list[str]) -> list[Package]:
    """Packages whose tests must run after ``changed_files`` (paths relative to the repo root)."""
    touched: set[str] = set()
    for path in changed_files:
        path = path.strip().replace("\\", "/")
        if not path or path.startswith(IGNORED_PREFIXES):
            continue
        parts = path.split("/")
        if parts[0] == "packages" and len(parts) > 2 and parts[1] in workspace.by_folder:
            touched.add(parts[1])
        else:
            # Shared test or build configuration: every package may behave differently.
            return workspace.in_order(workspace.packages)
    affected = {folder for folder in touched}
    for folder in touched:
        affected.update(package.folder for package in workspace.reverse_dependents(folder))
    return workspace.in_order([workspace.get(folder) for folder in affected])


def _python_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def matrix_entries(packages: list[Package]) -> list[dict[str, str]]:
    """GitHub Actions ``include`` entries: package x python x django on Postgres, plus SQLite."""
    entries = []
    for package in packages:
        for django in DJANGOS:
            for python in PYTHONS:
                if _python_tuple(python) < MIN_PYTHON_FOR_DJANGO[django]:
                    continue
                entries.append(_entry(package, python, django, "postgres"))
        entries.append(_entry(package, SQLITE_CELL["python"], SQLITE_CELL["django"], "sqlite"))
    return entries


def _entry(package: Package, python: str, django: str, database: str) -> dict[str, str]:
    return {
        "package": package.name,
        "folder": package.folder,
        "python": python,
        "django": django,
        "database": database,
    }


def changed_files_since(root: Path, ref: str) -> list[str] | None:
    """Files changed between ``ref`` and the working tree (untracked files included).

    Returns None when ``ref`` cannot be compared (empty, the all-zero SHA of a new branch, or a
    commit this clone does not have): the caller then tests everything rather than guess.
    """
    if not ref or ref == NULL_SHA:
        return None
    base = _git(root, "merge-base", ref, "HEAD")
    if base is None:
        return None
    diff = _git(root, "diff", "--name-only", base.strip())
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    if diff is None or untracked is None:
        return None
    return [line for line in (diff + untracked).splitlines() if line.strip()]


def _git(root: Path, *args: str) -> str | None:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else None

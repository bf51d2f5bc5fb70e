"""The distributions of this repository as plain data, read from ``packages/*/pyproject.toml``.

Every repo tool (the package list and CI matrix, the release tool, the wheel checks) reads the
workspace through this module, so "what is a package, which version is it, what does it depend on"
has exactly one answer.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO_ROOT = Path(__file__).resolve().parent.parent
META_FOLDER = "meta"

# Matches the one assignment a version file holds: `__version__ = "1.2.3"`.
VERSION_ASSIGNMENT = re.compile(r"""^(__version__\s*=\s*)(["'])([^"']+)\2""", re.MULTILINE)


@dataclass(frozen=True)
class Package:
    """One distribution under ``packages/<folder>``."""

    name: str
    folder: str
    path: Path
    version: str
    version_file: Path
    # Every requirement string as written, main dependencies first, then each extra's.
    requirements: tuple[str, ...]
    optional_requirements: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Canonical names of the sibling distributions this one requires (main dependencies only).
    sibling_deps: tuple[str, ...] = ()

    @property
    def pyproject(self) -> Path:
        return self.path / "pyproject.toml"

    @property
    def changelog_dir(self) -> Path:
        return self.path / "changelog.d"

    @property
    def extras(self) -> tuple[str, ...]:
        return tuple(self.optional_requirements)


class Workspace:
    """All packages of one checkout, keyed by folder, with the sibling dependency graph."""

    def __init__(self, root: Path, packages: list[Package]) -> None:
        self.root = root
        self.by_folder = {package.folder: package for package in packages}
        self.by_name = {canonicalize_name(package.name): package for package in packages}

    @property
    def packages(self) -> list[Package]:
        return list(self.by_folder.values())

    def get(self, folder: str) -> Package:
        """The package in ``packages/<folder>``; raises ``KeyError`` naming the known folders."""
        try:
            return self.by_folder[folder]
        except KeyError:
            known = ", ".join(sorted(self.by_folder))
            raise KeyError(
                f"no package folder {folder!r} under packages/ (known: {known})"
            ) from None

    def sibling(self, requirement: Requirement) -> Package | None:
        """The workspace package a requirement names, or None for a third-party requirement."""
        return self.by_name.get(canonicalize_name(requirement.name))

    def dependencies(self, folder: str) -> list[Package]:
        """Direct sibling dependencies of a package."""
        return [self.by_name[name] for name in self.get(folder).sibling_deps]

    def dependency_closure(self, folder: str) -> list[Package]:
        """The package and every sibling it needs, transitively, dependencies first."""
        ordered: list[Package] = []

        def visit(package: Package) -> None:
            if package in ordered:
                return
            for dependency in self.dependencies(package.folder):
                visit(dependency)
            ordered.append(package)

        visit(self.get(folder))
        return ordered

    def reverse_dependents(self, folder: str) -> list[Package]:
        """Every package that needs ``folder``, directly or through another sibling."""
        target = canonicalize_name(self.get(folder).name)
        found: list[Package] = []
        frontier = [target]
        while frontier:
            current = frontier.pop()
            for package in self.packages:
                if current in package.sibling_deps and package not in found:
                    found.append(package)
                    frontier.append(canonicalize_name(package.name))
        return self.in_order(found)

    def in_order(self, packages: list[Package]) -> list[Package]:
        """Packages sorted dependencies-first (stable: ties keep folder order)."""
        wanted = {package.folder for package in packages}
        ordered: list[Package] = []
        for package in sorted(self.packages, key=lambda p: p.folder):
            for member in self.dependency_closure(package.folder):
                if member.folder in wanted and member not in ordered:
                    ordered.append(member)
        return ordered

    @property
    def meta(self) -> Package:
        return self.get(META_FOLDER)


def read_version(version_file: Path) -> str:
    """The version string assigned in a version file (``__about__.py`` or ``VERSION.py``)."""
    match = VERSION_ASSIGNMENT.search(version_file.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f'{version_file}: no `__version__ = "..."` line')
    return match.group(3)


def write_version(version_file: Path, version: str) -> None:
    """Replace the version assigned in a version file, keeping everything else as written."""
    text = version_file.read_text(encoding="utf-8")
    new_text, count = VERSION_ASSIGNMENT.subn(
        lambda m: f"{m.group(1)}{m.group(2)}{version}{m.group(2)}", text
    )
    if count != 1:
        raise ValueError(f"{version_file}: expected one `__version__` line, found {count}")
    version_file.write_text(new_text, encoding="utf-8")


def _load_package(path: Path) -> tuple[Package, list[str]]:
    data = tomllib.loads((path / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    version_path = data["tool"]["hatch"]["version"]["path"]
    version_file = path / version_path
    requirements = tuple(project.get("dependencies", []))
    optional = {
        extra: tuple(reqs) for extra, reqs in project.get("optional-dependencies", {}).items()
    }
    package = Package(
        name=project["name"],
        folder=path.name,
        path=path,
        version=read_version(version_file),
        version_file=version_file,
        requirements=requirements,
        optional_requirements=optional,
    )
    return package, list(requirements)


def load_workspace(root: Path = REPO_ROOT) -> Workspace:
    """Read every ``packages/*/pyproject.toml`` under ``root``."""
    loaded = [
        _load_package(pyproject.parent)
        for pyproject in sorted((root / "packages").glob("*/pyproject.toml"))
    ]
    names = {canonicalize_name(package.name) for package, _ in loaded}
    packages = []
    for package, requirements in loaded:
        siblings = []
        for text in requirements:
            name = canonicalize_name(Requirement(text).name)
            if name in names and name not in siblings:
                siblings.append(name)
        packages.append(replace(package, sibling_deps=tuple(siblings)))
    return Workspace(root, packages)


def replace_requirement(pyproject_text: str, old: str, new: str) -> str:
    """Swap one requirement string, found as a quoted TOML string, keeping the file's layout."""
    for quote in ('"', "'"):
        quoted = f"{quote}{old}{quote}"
        if quoted in pyproject_text:
            return pyproject_text.replace(quoted, f"{quote}{new}{quote}")
    raise ValueError(f"requirement {old!r} not found as a quoted string in pyproject.toml")

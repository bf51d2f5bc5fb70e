"""The rules every set of Rail Django wheels must obey, checked on the wheels' file lists.

``rail_django`` and ``rail_django.extensions`` are PEP 420 namespaces shared by every distribution:
one stray ``__init__.py`` there hides every other distribution's modules once installed, and two
wheels shipping the same file overwrite each other silently. Each importable leaf package carries
its own ``py.typed``, never the namespace.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

NAMESPACES = ("rail_django", "rail_django/extensions")
# Files that would turn a namespace into a regular package (or claim it for one distribution).
FORBIDDEN_FILES = tuple(
    f"{namespace}/{name}" for namespace in NAMESPACES for name in ("__init__.py", "py.typed")
)


@dataclass(frozen=True)
class WheelContents:
    """The files a wheel installs (its ``.dist-info`` excluded), and the modules it owns."""

    wheel: Path
    files: frozenset[str]

    @classmethod
    def read(cls, wheel: Path) -> WheelContents:
        with zipfile.ZipFile(wheel) as archive:
            names = [
                name
                for name in archive.namelist()
                if not name.endswith("/") and ".dist-info/" not in name
            ]
        return cls(wheel=wheel, files=frozenset(names))

    @property
    def leaf_packages(self) -> list[str]:
        """Package folders directly inside a namespace (``rail_django/core``), by path."""
        return sorted(
            str(PurePosixPath(name).parent)
            for name in self.files
            if name.endswith("/__init__.py")
            and str(PurePosixPath(name).parent.parent) in NAMESPACES
        )

    @property
    def modules(self) -> list[str]:
        """Dotted names of the importable modules this wheel owns in the namespace."""
        single_files = [
            name[: -len(".py")]
            for name in self.files
            if name.endswith(".py")
            and str(PurePosixPath(name).parent) in NAMESPACES
            and name not in FORBIDDEN_FILES
        ]
        return sorted(path.replace("/", ".") for path in [*self.leaf_packages, *single_files])

    @property
    def django_apps(self) -> list[str]:
        """Leaf packages that hold a Django ``apps.py`` (what a user puts in INSTALLED_APPS)."""
        return sorted(
            leaf.replace("/", ".") for leaf in self.leaf_packages if f"{leaf}/apps.py" in self.files
        )


def namespace_problems(contents: WheelContents) -> list[str]:
    """Files that break the shared namespaces."""
    return [
        f"{contents.wheel.name} ships {name}: rail_django namespaces must stay PEP 420 "
        "(no __init__.py or py.typed at a namespace level)"
        for name in FORBIDDEN_FILES
        if name in contents.files
    ]


def typing_marker_problems(contents: WheelContents) -> list[str]:
    """Leaf packages that do not carry a ``py.typed``."""
    return [
        f"{contents.wheel.name}: {leaf}/ has no py.typed"
        for leaf in contents.leaf_packages
        if f"{leaf}/py.typed" not in contents.files
    ]


def duplicate_problems(all_contents: list[WheelContents]) -> list[str]:
    """Paths that more than one wheel installs."""
    owners: dict[str, list[str]] = {}
    for contents in all_contents:
        for name in contents.files:
            owners.setdefault(name, []).append(contents.wheel.name)
    return [
        f"{name} is shipped by {' and '.join(wheels)}"
        for name, wheels in sorted(owners.items())
        if len(wheels) > 1
    ]


def wheel_set_problems(all_contents: list[WheelContents]) -> list[str]:
    """Every rule at once, for a complete set of wheels."""
    problems = []
    for contents in all_contents:
        problems += namespace_problems(contents)
        problems += typing_marker_problems(contents)
    problems += duplicate_problems(all_contents)
    return problems

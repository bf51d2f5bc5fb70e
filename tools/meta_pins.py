"""The meta-package's ``==`` pins on its siblings: checking them and rewriting them.

The meta-package (``packages/meta``) pins every sibling exactly, in ``dependencies`` and in each of
its extras. A pin that lags a sibling's version makes ``pip install rail-django`` resolve to an old
set, so CI fails when they drift and the release tool is the one that writes them.
"""

from __future__ import annotations

from monorepo import Workspace, replace_requirement
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _exact_pin(requirement: Requirement) -> str | None:
    """The version of an ``==X`` requirement, or None for any other specifier."""
    specifiers = list(requirement.specifier)
    if len(specifiers) == 1 and specifiers[0].operator == "==":
        return specifiers[0].version
    return None


def pin_problems(workspace: Workspace) -> list[str]:
    """Every way the meta-package's pins disagree with the siblings' current versions."""
    meta = workspace.meta
    problems = []
    pinned: set[str] = set()
    sections = [("dependencies", meta.requirements)] + [
        (f"optional-dependencies.{extra}", reqs)
        for extra, reqs in meta.optional_requirements.items()
    ]
    for section, requirements in sections:
        for text in requirements:
            requirement = Requirement(text)
            sibling = workspace.sibling(requirement)
            if sibling is None:
                continue
            pin = _exact_pin(requirement)
            if section == "dependencies":
                pinned.add(sibling.folder)
            if pin is None:
                problems.append(
                    f"{meta.pyproject}: [{section}] {text!r} must pin {sibling.name} with "
                    f"'=={sibling.version}'"
                )
            elif pin != sibling.version:
                problems.append(
                    f"{meta.pyproject}: [{section}] pins {sibling.name}=={pin} but "
                    f"packages/{sibling.folder} is at {sibling.version}"
                )
    for package in workspace.packages:
        if package.folder != meta.folder and package.folder not in pinned:
            problems.append(
                f"{meta.pyproject}: [dependencies] does not pin {package.name} "
                f"(packages/{package.folder}); add '{package.name}=={package.version}'"
            )
    return problems


def repin(pyproject_text: str, requirements: list[str], name: str, version: str) -> str:
    """Rewrite every ``==`` pin on ``name`` among ``requirements`` inside a pyproject's text.

    Requirements are replaced as the exact quoted strings they are written as, so the file keeps
    its layout and comments.
    """
    for text in dict.fromkeys(requirements):  # one requirement may appear in several extras
        requirement = Requirement(text)
        if canonicalize_name(requirement.name) != canonicalize_name(name):
            continue
        if _exact_pin(requirement) is None:
            continue
        requirement.specifier = type(requirement.specifier)(f"=={version}")
        pyproject_text = replace_requirement(pyproject_text, text, str(requirement))
    return pyproject_text

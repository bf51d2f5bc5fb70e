"""Version arithmetic and the sibling ranges a new version may fall outside of.

Sibling dependencies are written as compatible ranges, ``rail-django-core>=0.1.0,<0.2``: below 1.0 a
minor release may break, from 1.0 on only a major one. When a release moves a package outside a
dependent's range, the range is moved to ``>=NEW,<NEXT-BREAKING`` so the workspace stays
installable.
"""

from __future__ import annotations

from packaging.requirements import Requirement
from packaging.version import InvalidVersion, Version

PARTS = ("major", "minor", "patch")


def next_version(current: str, part: str) -> str:
    """``current`` bumped by ``part`` (major, minor or patch), or ``part`` itself when it is a
    version, which must then be newer than ``current``."""
    now = Version(current)
    major, minor, patch = (list(now.release) + [0, 0])[:3]
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}" if not now.is_prerelease else now.base_version
    try:
        wanted = Version(part)
    except InvalidVersion:
        raise ValueError(f"{part!r} is neither major/minor/patch nor a version") from None
    if wanted <= now:
        raise ValueError(f"{part} is not newer than the current version {current}")
    return str(wanted)


def next_breaking(version: str) -> str:
    """The first version that may break users of ``version``: 0.x -> 0.(x+1), X.y -> X+1."""
    release = Version(version).release
    major = release[0]
    minor = release[1] if len(release) > 1 else 0
    return f"0.{minor + 1}" if major == 0 else str(major + 1)


def compatible_range(version: str) -> str:
    """The range a dependent writes for a sibling released at ``version``, lower bound first."""
    return f">={version},<{next_breaking(version)}"


def widened_requirement(requirement_text: str, new_version: str) -> str | None:
    """The requirement rewritten to admit ``new_version``, or None when it already does.

    Extras and markers are kept; only the version range changes.
    """
    requirement = Requirement(requirement_text)
    if requirement.specifier.contains(new_version, prereleases=True):
        return None
    # Assembled by hand: str(Requirement) would sort the bounds upper-first.
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    marker = f"; {requirement.marker}" if requirement.marker else ""
    return f"{requirement.name}{extras}{compatible_range(new_version)}{marker}"

"""Release one package: bump its version, compile its changelog, keep every pin and range true.

Usage (from the repository root)::

    python tools/release.py bump <folder> <major|minor|patch|X.Y.Z>
    python tools/release.py build <folder> [--outdir dist] [--no-isolation]
    python tools/release.py verify-tag <folder>-v<version>

``bump`` refuses a release with no changelog fragment, compiles the fragments into the package's
CHANGELOG.md with towncrier, writes the new version in the package's version file, re-pins the
meta-package (dependencies and extras) and moves any sibling range the new version falls outside
of. It changes files only: reviewing and committing them, then tagging ``<folder>-v<version>``, is
yours.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

from meta_pins import repin
from monorepo import (
    REPO_ROOT,
    Package,
    Workspace,
    load_workspace,
    replace_requirement,
    write_version,
)
from packaging.requirements import Requirement
from version_bump import PARTS, next_version, widened_requirement


class ReleaseError(Exception):
    """A release step that cannot go ahead; the message says why and what to do."""


def changelog_fragments(package: Package) -> list[Path]:
    """The towncrier fragments waiting in ``changelog.d/`` (``<issue>.<type>.md``)."""
    config = tomllib.loads(package.pyproject.read_text(encoding="utf-8"))["tool"]["towncrier"]
    types = {entry["directory"] for entry in config.get("type", [])}
    if not package.changelog_dir.is_dir():
        return []
    return sorted(
        path
        for path in package.changelog_dir.iterdir()
        if path.is_file() and len(path.name.split(".")) >= 3 and path.name.split(".")[1] in types
    )


def compile_changelog(package: Package, version: str) -> None:
    """Run towncrier in the package folder; it consumes the fragments (``git rm``)."""
    result = subprocess.run(
        [sys.executable, "-m", "towncrier", "build", "--yes", "--version", version],
        cwd=package.path,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ReleaseError(
            f"towncrier failed for packages/{package.folder}:\n{result.stdout}{result.stderr}"
        )


def repinned_meta(workspace: Workspace, package: Package, version: str) -> dict[Path, str]:
    """The meta-package's pyproject with its ``==`` pins (dependencies and extras) moved."""
    meta = workspace.meta
    if package.folder == meta.folder:
        return {}
    every_requirement = list(meta.requirements) + [
        text for reqs in meta.optional_requirements.values() for text in reqs
    ]
    before = meta.pyproject.read_text(encoding="utf-8")
    after = repin(before, every_requirement, package.name, version)
    return {meta.pyproject: after} if after != before else {}


def moved_dependent_ranges(workspace: Workspace, package: Package, version: str) -> dict[Path, str]:
    """Dependents' pyprojects with each sibling range that ``version`` falls outside of moved."""
    edits = {}
    for dependent in workspace.reverse_dependents(package.folder):
        if dependent.folder == workspace.meta.folder:
            continue  # exact pins, handled by repinned_meta
        text = dependent.pyproject.read_text(encoding="utf-8")
        original = text
        every_requirement = list(dependent.requirements) + [
            req for reqs in dependent.optional_requirements.values() for req in reqs
        ]
        for requirement in dict.fromkeys(every_requirement):
            if workspace.sibling(Requirement(requirement)) is not package:
                continue
            widened = widened_requirement(requirement, version)
            if widened is not None:
                text = replace_requirement(text, requirement, widened)
        if text != original:
            edits[dependent.pyproject] = text
    return edits


def bump(workspace: Workspace, folder: str, part: str) -> str:
    """Release ``folder`` at its next version; returns a summary of what changed."""
    package = workspace.get(folder)
    version = next_version(package.version, part)
    fragments = changelog_fragments(package)
    if not fragments:
        raise ReleaseError(
            f"packages/{folder}/changelog.d/ holds no fragment: add one "
            f"(e.g. packages/{folder}/changelog.d/<issue>.fixed.md) before releasing"
        )
    # Every edit is computed before anything is written, and towncrier (the step most likely to
    # fail) runs first: a refused or failed release leaves the checkout as it was.
    meta_edits = repinned_meta(workspace, package, version)
    range_edits = moved_dependent_ranges(workspace, package, version)
    compile_changelog(package, version)
    write_version(package.version_file, version)
    for path, text in {**meta_edits, **range_edits}.items():
        path.write_text(text, encoding="utf-8")

    lines = [
        f"{package.name}: {package.version} -> {version} "
        f"({len(fragments)} fragment(s) compiled into packages/{folder}/CHANGELOG.md)"
    ]
    if meta_edits:
        lines.append(
            f"{workspace.meta.name} now pins {package.name}=={version}: "
            f"release it too (add a fragment to packages/{workspace.meta.folder}/changelog.d/)"
        )
    for path in range_edits:
        dependent = path.parent.name
        lines.append(
            f"packages/{dependent}: its range on {package.name} now admits {version}: "
            f"release it too (add a fragment to packages/{dependent}/changelog.d/)"
        )
    lines.append(f"next: review, commit, then tag {folder}-v{version}")
    return "\n".join(lines)


def build(workspace: Workspace, folder: str, outdir: Path, isolation: bool) -> list[Path]:
    """Build the package's wheel and sdist into ``outdir``."""
    package = workspace.get(folder)
    outdir.mkdir(parents=True, exist_ok=True)
    before = set(outdir.iterdir())
    command = [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(outdir)]
    if not isolation:
        command.append("--no-isolation")
    result = subprocess.run(
        [*command, str(package.path)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ReleaseError(f"building packages/{folder} failed:\n{result.stdout}{result.stderr}")
    return sorted(set(outdir.iterdir()) - before)


def verify_tag(workspace: Workspace, tag: str) -> Package:
    """The package a ``<folder>-v<version>`` tag releases; fails when the version differs."""
    folder, separator, version = tag.rpartition("-v")
    if not separator or not folder:
        raise ReleaseError(f"tag {tag!r} is not of the form <folder>-v<version>")
    try:
        package = workspace.get(folder)
    except KeyError as error:
        raise ReleaseError(str(error.args[0])) from None
    if package.version != version:
        raise ReleaseError(
            f"tag {tag} says {version} but packages/{folder} is at {package.version}"
        )
    return package


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="release.py", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="repository root")
    commands = parser.add_subparsers(dest="command", required=True)

    bump_cmd = commands.add_parser("bump", help="new version + changelog + pins")
    bump_cmd.add_argument("folder")
    bump_cmd.add_argument("part", metavar="{" + ",".join(PARTS) + ",X.Y.Z}")

    build_cmd = commands.add_parser("build", help="wheel and sdist of one package")
    build_cmd.add_argument("folder")
    build_cmd.add_argument("--outdir", type=Path, help="default: <root>/dist")
    build_cmd.add_argument(
        "--no-isolation",
        action="store_true",
        help="build with this interpreter's hatchling instead of a fresh build env",
    )

    tag_cmd = commands.add_parser("verify-tag", help="check a release tag; prints folder=...")
    tag_cmd.add_argument("tag")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    root = args.root.resolve()
    workspace = load_workspace(root)
    try:
        if args.command == "bump":
            print(bump(workspace, args.folder, args.part))
        elif args.command == "build":
            outdir = (args.outdir or root / "dist").resolve()
            for path in build(workspace, args.folder, outdir, isolation=not args.no_isolation):
                print(path)
        else:
            package = verify_tag(workspace, args.tag)
            print(f"folder={package.folder}")
            print(f"name={package.name}")
            print(f"version={package.version}")
    except (ReleaseError, KeyError, ValueError) as error:
        message = error.args[0] if isinstance(error, KeyError) else str(error)
        print(f"release.py: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

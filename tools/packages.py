"""The workspace's packages, their dependency graph, the CI matrix and the meta-package pin check.

Usage (from the repository root)::

    python tools/packages.py list [--format text|json|github]
    python tools/packages.py graph [--format text|json]
    python tools/packages.py matrix --since REF [--format json|github]
    python tools/packages.py check-pins

``matrix`` tests the packages a change touches plus everything that depends on them; a change
outside ``packages/`` touches every package. ``--format github`` prints ``key=value`` lines for
``$GITHUB_OUTPUT``: ``matrix`` (``{"include": [...]}``), ``packages`` (folders) and ``any``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ci_matrix import affected_packages, changed_files_since, matrix_entries
from meta_pins import pin_problems
from monorepo import REPO_ROOT, Package, Workspace, load_workspace


def _describe(package: Package) -> dict[str, object]:
    return {
        "name": package.name,
        "folder": package.folder,
        "version": package.version,
        "depends_on": list(package.sibling_deps),
    }


def cmd_list(workspace: Workspace, args: argparse.Namespace) -> int:
    packages = workspace.in_order(workspace.packages)
    if args.format == "json":
        print(json.dumps([_describe(package) for package in packages], indent=2))
    elif args.format == "github":
        print("folders=" + json.dumps([package.folder for package in packages]))
    else:
        width = max(len(package.name) for package in packages)
        for package in packages:
            deps = ", ".join(package.sibling_deps) or "-"
            folder = f"packages/{package.folder}"
            print(f"{package.name:<{width}}  {folder:<24} {package.version:<10} {deps}")
    return 0


def cmd_graph(workspace: Workspace, args: argparse.Namespace) -> int:
    packages = workspace.in_order(workspace.packages)
    if args.format == "json":
        graph = {
            package.name: {
                "folder": package.folder,
                "depends_on": list(package.sibling_deps),
                "required_by": [p.name for p in workspace.reverse_dependents(package.folder)],
            }
            for package in packages
        }
        print(json.dumps(graph, indent=2))
        return 0
    for package in packages:
        print(f"{package.name} ({package.version})")
        for dependency in workspace.dependencies(package.folder):
            print(f"  -> {dependency.name}")
    return 0


def cmd_matrix(workspace: Workspace, args: argparse.Namespace) -> int:
    changed = changed_files_since(workspace.root, args.since)
    if changed is None:
        print(f"cannot compare with {args.since!r}: testing every package", file=sys.stderr)
        affected = workspace.in_order(workspace.packages)
    else:
        affected = affected_packages(workspace, changed)
    matrix = {"include": matrix_entries(affected)}
    if args.format == "github":
        print("matrix=" + json.dumps(matrix, separators=(",", ":")))
        print("packages=" + json.dumps([package.folder for package in affected]))
        print("any=" + ("true" if affected else "false"))
    else:
        print(json.dumps(matrix, indent=2))
    return 0


def cmd_check_pins(workspace: Workspace, args: argparse.Namespace) -> int:
    problems = pin_problems(workspace)
    if not problems:
        print(f"{workspace.meta.name} pins every sibling at its current version")
        return 0
    print(f"{len(problems)} meta-package pin problem(s):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    print(
        "Pins are written by `python tools/release.py bump <folder> ...`; never edit them by hand.",
        file=sys.stderr,
    )
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="packages.py", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--root", type=Path, default=REPO_ROOT, help="repository root (default: this checkout)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    listing = commands.add_parser("list", help="name, folder, version and sibling dependencies")
    listing.add_argument("--format", choices=["text", "json", "github"], default="text")
    listing.set_defaults(run=cmd_list)

    graph = commands.add_parser("graph", help="the sibling dependency graph")
    graph.add_argument("--format", choices=["text", "json"], default="text")
    graph.set_defaults(run=cmd_graph)

    matrix = commands.add_parser("matrix", help="CI matrix for the packages changed since REF")
    matrix.add_argument("--since", required=True, metavar="REF", help="git commit to diff from")
    matrix.add_argument("--format", choices=["json", "github"], default="json")
    matrix.set_defaults(run=cmd_matrix)

    pins = commands.add_parser("check-pins", help="fail when a meta-package pin has drifted")
    pins.set_defaults(run=cmd_check_pins)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(load_workspace(args.root.resolve()), args)


if __name__ == "__main__":
    sys.exit(main())

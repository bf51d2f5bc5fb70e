"""Install one package from a folder of freshly built wheels, with only what it declares.

Usage::

    python tools/install_from_wheels.py <folder> --wheel-dir DIR [--extras] [--python PY] [REQ ...]

Sibling distributions come from ``DIR`` only, never from an index: a same-named release on PyPI must
not stand in for the code being tested. The install runs in two steps: first the package and its
transitive siblings from ``DIR`` without dependencies, then the package again with dependencies, so
pip fetches just the third-party requirements they declare (plus any ``REQ`` given, e.g. a Django
version and the test tools, resolved together with them).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from monorepo import REPO_ROOT, Package, Workspace, load_workspace
from packaging.utils import canonicalize_name


def wheel_for(package: Package, wheel_dir: Path) -> Path:
    """The wheel of ``package`` at its current version in ``wheel_dir``."""
    dist = canonicalize_name(package.name).replace("-", "_")
    for wheel in sorted(wheel_dir.glob("*.whl")):
        name, version = wheel.name.split("-")[:2]
        if canonicalize_name(name) == canonicalize_name(dist) and version == package.version:
            return wheel
    raise FileNotFoundError(
        f"no wheel of {package.name} {package.version} in {wheel_dir}: build it first "
        "(python tools/check_wheels.py --wheel-dir DIR)"
    )


def install_commands(
    workspace: Workspace,
    folder: str,
    wheel_dir: Path,
    python: str,
    with_extras: bool,
    extra_requirements: list[str],
) -> list[list[str]]:
    """The pip invocations that install ``folder`` alone (see the module docstring)."""
    package = workspace.get(folder)
    closure = workspace.dependency_closure(folder)
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check"]
    siblings_only = [
        *pip,
        "--no-deps",
        "--no-index",
        "--find-links",
        str(wheel_dir),
        *(str(wheel_for(member, wheel_dir)) for member in closure),
    ]
    extras = f"[{','.join(package.extras)}]" if with_extras and package.extras else ""
    with_dependencies = [
        *pip,
        "--find-links",
        str(wheel_dir),
        f"{package.name}{extras}=={package.version}",
        *extra_requirements,
    ]
    return [siblings_only, with_dependencies]


def install(
    workspace: Workspace,
    folder: str,
    wheel_dir: Path,
    python: str = sys.executable,
    with_extras: bool = False,
    extra_requirements: list[str] | None = None,
) -> None:
    """Run the install; raises ``subprocess.CalledProcessError`` with pip's output on failure."""
    commands = install_commands(
        workspace, folder, wheel_dir, python, with_extras, extra_requirements or []
    )
    for command in commands:
        subprocess.run(command, check=True, capture_output=True, text=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="install_from_wheels.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folder")
    parser.add_argument("--wheel-dir", type=Path, required=True)
    parser.add_argument("--extras", action="store_true", help="with every extra it declares")
    parser.add_argument("--python", default=sys.executable, help="interpreter to install into")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="repository root")
    parser.add_argument("requirements", nargs="*", help="more requirements, resolved together")
    args = parser.parse_args(argv)
    workspace = load_workspace(args.root.resolve())
    try:
        install(
            workspace,
            args.folder,
            args.wheel_dir.resolve(),
            args.python,
            args.extras,
            args.requirements,
        )
    except subprocess.CalledProcessError as error:
        print(error.stdout, error.stderr, sep="\n", file=sys.stderr)
        print(f"installing packages/{args.folder} failed", file=sys.stderr)
        return 1
    except (KeyError, FileNotFoundError) as error:
        print(f"install_from_wheels.py: {error.args[0]}", file=sys.stderr)
        return 1
    print(f"installed packages/{args.folder} from {args.wheel_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build every package's wheel and prove the set installs as separate, cherry-pickable pieces.

Usage (from the repository root)::

    python tools/check_wheels.py [--wheel-dir DIR] [--no-build] [--isolated]
                                 [--install-alone FOLDER ...]

Always: builds each ``packages/*`` wheel into ``DIR`` (default ``dist/wheels``) unless
``--no-build``, then checks the namespace rules (no ``rail_django/__init__.py`` or
``rail_django/extensions/__init__.py`` in any wheel), that no two wheels ship the same file, and
that each leaf package carries its ``py.typed``.

``--install-alone FOLDER``: in a fresh virtual environment, installs that package's wheel with its
siblings available only from ``DIR`` (third-party requirements from the index), configures Django
with the apps it brought, imports every module it and its sibling dependencies own, and checks that
every module of a package *not* installed fails to import with ``ModuleNotFoundError``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

from install_from_wheels import install, wheel_for
from monorepo import REPO_ROOT, Workspace, load_workspace
from packaging.utils import canonicalize_name
from wheel_rules import WheelContents, wheel_set_problems

# Run inside the fresh environment: argv[1] is JSON {"apps", "present", "absent"}.
IMPORT_PROBE = r"""
import importlib, json, sys
plan = json.loads(sys.argv[1])
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", *plan["apps"]],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_TZ=True,
)
import django
django.setup()
failures = []
for name in plan["present"]:
    try:
        importlib.import_module(name)
    except Exception as error:
        failures.append(f"import {name} failed: {type(error).__name__}: {error}")
for name in plan["absent"]:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        # The missing module may be the name itself or one of its parents (rail_django.extensions).
        if error.name is None or not (name == error.name or name.startswith(error.name + ".")):
            failures.append(f"import {name}: ModuleNotFoundError for {error.name!r} instead")
    except Exception as error:
        failures.append(f"import {name} should fail cleanly, got {type(error).__name__}: {error}")
    else:
        failures.append(f"import {name} succeeded although its package is not installed")
print(json.dumps(failures))
"""


def _builder_python(scratch: Path) -> str:
    """An interpreter that can build wheels without isolation: this one when it has hatchling,
    else a throwaway venv with build + hatchling, set up once for all packages (an isolated build
    per package would install hatchling ten times)."""
    if importlib.util.find_spec("hatchling") and importlib.util.find_spec("build"):
        return sys.executable
    env_dir = scratch / "build-env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python")
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "build",
            "hatchling>=1.27",
        ],
        check=True,
        capture_output=True,
    )
    return python


def build_wheels(workspace: Workspace, wheel_dir: Path, isolated: bool) -> None:
    """Build a wheel for every package, replacing any older wheel of theirs in ``wheel_dir``."""
    wheel_dir.mkdir(parents=True, exist_ok=True)
    ours = {canonicalize_name(package.name) for package in workspace.packages}
    for stale in wheel_dir.glob("*.whl"):
        if canonicalize_name(stale.name.split("-")[0]) in ours:
            stale.unlink()
    with tempfile.TemporaryDirectory(prefix="rail-wheels-") as scratch:
        python = sys.executable if isolated else _builder_python(Path(scratch))
        for package in workspace.in_order(workspace.packages):
            command = [python, "-m", "build", "--wheel", "--outdir", str(wheel_dir)]
            if not isolated:
                command.append("--no-isolation")
            result = subprocess.run(
                [*command, str(package.path)], capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise RuntimeError(
                    f"building packages/{package.folder} failed:\n{result.stdout}{result.stderr}"
                )


def read_wheels(workspace: Workspace, wheel_dir: Path) -> dict[str, WheelContents]:
    """Each package's wheel contents, by folder."""
    return {
        package.folder: WheelContents.read(wheel_for(package, wheel_dir))
        for package in workspace.packages
    }


def static_problems(workspace: Workspace, wheels: dict[str, WheelContents]) -> list[str]:
    """Namespace, duplicate-file and py.typed rules, plus: every code package ships a module."""
    problems = wheel_set_problems(list(wheels.values()))
    for folder, contents in wheels.items():
        if folder != workspace.meta.folder and not contents.modules:
            problems.append(f"{contents.wheel.name} ships no rail_django module")
    return problems


def install_alone_problems(
    workspace: Workspace, folder: str, wheel_dir: Path, wheels: dict[str, WheelContents]
) -> list[str]:
    """Install ``folder`` alone in a new venv and probe which modules import."""
    installed = {member.folder for member in workspace.dependency_closure(folder)}
    plan = {
        "apps": [app for f in sorted(installed) for app in wheels[f].django_apps],
        "present": [module for f in sorted(installed) for module in wheels[f].modules],
        "absent": [module for f in sorted(set(wheels) - installed) for module in wheels[f].modules],
    }
    with tempfile.TemporaryDirectory(prefix=f"rail-alone-{folder}-") as scratch:
        env_dir = Path(scratch) / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        python = str(env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python")
        try:
            install(workspace, folder, wheel_dir, python=python)
        except subprocess.CalledProcessError as error:
            return [f"installing {folder} alone failed:\n{error.stdout}{error.stderr}"]
        # Only the venv's own packages: a PYTHONPATH (a worktree's sources, say) would leak in.
        clean_env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        pip_check = subprocess.run(
            [python, "-m", "pip", "check"],
            capture_output=True,
            text=True,
            check=False,
            env=clean_env,
        )
        problems = []
        if pip_check.returncode != 0:
            problems.append(f"pip check after installing {folder} alone:\n{pip_check.stdout}")
        # Run from the scratch folder so the repository's own files are not importable.
        probe = subprocess.run(
            [python, "-c", IMPORT_PROBE, json.dumps(plan)],
            capture_output=True,
            text=True,
            check=False,
            cwd=scratch,
            env=clean_env,
        )
        if probe.returncode != 0:
            return [*problems, f"import probe for {folder} crashed:\n{probe.stderr}"]
        failures = json.loads(probe.stdout.strip().splitlines()[-1])
        return problems + [f"{folder} alone: {failure}" for failure in failures]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_wheels.py", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="repository root")
    parser.add_argument("--wheel-dir", type=Path, help="default: <root>/dist/wheels")
    parser.add_argument("--no-build", action="store_true", help="check the wheels already there")
    parser.add_argument(
        "--isolated", action="store_true", help="build in fresh build envs (slower)"
    )
    parser.add_argument(
        "--install-alone", action="append", default=[], metavar="FOLDER", help="repeatable"
    )
    args = parser.parse_args(argv)
    workspace = load_workspace(args.root.resolve())
    wheel_dir = (args.wheel_dir or workspace.root / "dist" / "wheels").resolve()
    for folder in args.install_alone:
        workspace.get(folder)  # fail on a typo before the slow part
    if not args.no_build:
        build_wheels(workspace, wheel_dir, isolated=args.isolated)
    wheels = read_wheels(workspace, wheel_dir)
    problems = static_problems(workspace, wheels)
    print(f"checked {len(wheels)} wheels in {wheel_dir}")
    for folder in args.install_alone:
        found = install_alone_problems(workspace, folder, wheel_dir, wheels)
        print(f"install alone: {folder}: {'ok' if not found else 'FAILED'}")
        problems += found
    if problems:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print("all wheel checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``rail-admin`` command (a console script of rail-django-core)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from rail_django.core.__about__ import __version__
from rail_django.core.scaffold.generate import ScaffoldError, start_app, start_project


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rail-admin",
        description=_("Start a Rail Django project, or add an app to one."),
    )
    parser.add_argument("--version", action="version", version=f"rail-admin {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    project = commands.add_parser(
        "startproject",
        help=_("create a project: settings, the storefront app, requirements, deploy files"),
    )
    project.add_argument("name", help=_("the project's name, a Python identifier: my_platform"))
    project.add_argument(
        "directory",
        nargs="?",
        type=Path,
        help=_("an empty or missing folder to create it in (default: ./NAME)"),
    )
    app = commands.add_parser(
        "startapp", help=_("create apps/NAME/ in the project of the current folder")
    )
    app.add_argument("name", help=_("the app's name, a Python identifier: inventory"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rail-admin``; the exit status is 0 on success, 1 on a refused name or target."""
    _configure_django()
    args = build_parser().parse_args(argv)
    try:
        if args.command == "startproject":
            _project_created(start_project(args.name, args.directory))
        else:
            _app_created(args.name, start_app(args.name))
    except ScaffoldError as error:
        print(_("CommandError: %(error)s") % {"error": error}, file=sys.stderr)
        return 1
    return 0


def _configure_django() -> None:
    # gettext needs configured settings; rail-admin runs outside any project.
    from django.conf import settings

    if not settings.configured:
        import django

        settings.configure(USE_I18N=True)
        django.setup()


def _project_created(path: Path) -> None:
    relative = _shown(path)
    print(_("Created the project in %(path)s.") % {"path": path})
    print()
    print(_("Next steps:"))
    for line in (
        f"cd {relative}",
        "python -m venv .venv && . .venv/bin/activate",
        "pip install -r requirements/dev.txt",
        "python manage.py migrate",
        "python manage.py createsuperuser",
        "python manage.py runserver",
    ):
        print(f"    {line}")
    print()
    print(_("Then open http://localhost:8000/graphql/ (GraphiQL)."))
    print(_("Deploying: see deploy/README.md."))


def _app_created(name: str, path: Path) -> None:
    print(_("Created the app in %(path)s.") % {"path": path})
    print()
    print(_("Add this line to INSTALLED_APPS (LOCAL_APPS in root/settings/base.py):"))
    print(f'    "apps.{name}",')
    print()
    print(_("Then:"))
    print("    python manage.py migrate")
    print(f"    python manage.py test apps.{name}")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())

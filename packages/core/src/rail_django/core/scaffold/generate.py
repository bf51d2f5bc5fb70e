"""Writing a project or an app from the templates shipped in this package.

Templates are plain files under ``project_template/`` and ``app_template/``. On the way out:
``name.py-tpl`` becomes ``name.py`` and ``migrations-tpl/`` becomes ``migrations/`` (so the
templates are never imported, linted, collected as tests or taken for shipped migrations
here), ``dot-name`` becomes ``.name`` (so packaging never drops them), and ``{{ key }}``
placeholders are replaced. Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from django.utils.translation import gettext as _

from rail_django.core.__about__ import __version__
from rail_django.core.scaffold.names import class_name, invalid_name_reason

TEMPLATES = Path(__file__).resolve().parent
PROJECT_TEMPLATE = TEMPLATES / "project_template"
APP_TEMPLATE = TEMPLATES / "app_template"


class ScaffoldError(Exception):
    """A name ``rail-admin`` refuses, or a target it will not overwrite (message for the user)."""


def new_secret_key() -> str:
    """A fresh random ``DJANGO_SECRET_KEY`` (67 characters, accepted by ``check --deploy``).

    URL-safe characters only: nothing a shell or a ``.env`` parser reads specially.
    """
    return secrets.token_urlsafe(50)


def start_project(name: str, target: Path | None = None) -> Path:
    """Write a new project called ``name`` into ``target`` (default ``./name``); return its path.

    ``target`` may exist only as an empty folder. The project's ``.env`` gets a fresh secret key.
    """
    _validate(name, "project")
    destination = (target if target is not None else Path.cwd() / name).resolve()
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise ScaffoldError(
            _("'%(path)s' already exists and is not empty: rail-admin never overwrites files.")
            % {"path": destination}
        )
    context = {"project_name": name, "rail_django_version": __version__}
    context.update(_app_context("store"))
    _render(PROJECT_TEMPLATE, destination, context)
    (destination / ".env").write_text(_fill(_development_env(), context), encoding="utf-8")
    return destination


def start_app(name: str, project: Path | None = None) -> Path:
    """Write ``apps/NAME/`` into the project at ``project`` (default: the current folder)."""
    _validate(name, "app")
    root = (project if project is not None else Path.cwd()).resolve()
    if not (root / "manage.py").is_file() or not (root / "apps").is_dir():
        raise ScaffoldError(
            _(
                "'%(path)s' is not a Rail Django project (no manage.py and apps/ folder): run "
                "rail-admin startapp from the folder rail-admin startproject created."
            )
            % {"path": root}
        )
    destination = root / "apps" / name
    if destination.exists():
        raise ScaffoldError(
            _("'%(path)s' already exists: rail-admin never overwrites files.")
            % {"path": destination}
        )
    _render(APP_TEMPLATE, destination, _app_context(name))
    return destination


def _validate(name: str, kind: str) -> None:
    reason = invalid_name_reason(name, kind)
    if reason:
        raise ScaffoldError(reason)


def _app_context(name: str) -> dict[str, str]:
    stem = class_name(name)
    model = f"{stem}Item"
    return {
        "app_name": name,
        "app_class": stem,
        "model_name": model,
        "model_lower": model.lower(),
        # The list query Rail Django generates for the model: camelCase, plural.
        "list_field": f"{stem[:1].lower()}{stem[1:]}Items",
    }


def _render(template: Path, destination: Path, context: Mapping[str, str]) -> None:
    files = sorted(path for path in template.rglob("*") if path.is_file())
    planned = [(src, destination / _output_path(src.relative_to(template))) for src in files]
    for _source, output in planned:
        if output.exists():
            raise ScaffoldError(
                _("'%(path)s' already exists: rail-admin never overwrites files.")
                % {"path": output}
            )
    for source, output in planned:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(_fill(source.read_text(encoding="utf-8"), context), encoding="utf-8")
        if source.stat().st_mode & 0o111:
            output.chmod(0o755)


def _output_path(relative: Path) -> Path:
    parts = []
    for part in relative.parts:
        if part.startswith("dot-"):
            part = "." + part[len("dot-") :]
        if part.endswith("-tpl"):
            part = part[: -len("-tpl")]
        parts.append(part)
    return Path(*parts)


def _fill(text: str, context: Mapping[str, str]) -> str:
    for key, value in context.items():
        text = text.replace("{{ " + key + " }}", value)
    return text


def _development_env() -> str:
    """The project's own ``.env``: development settings with a fresh secret key."""
    return (
        "# This machine's settings, read by manage.py (never committed: .gitignore lists it).\n"
        "# Written by rail-admin startproject for development; .env.example lists every\n"
        "# variable production needs.\n"
        "DJANGO_SETTINGS_MODULE=root.settings.dev\n"
        "DJANGO_DEBUG=True\n"
        f"DJANGO_SECRET_KEY={new_secret_key()}\n"
        "# SQLite in the project folder unless DATABASE_URL says otherwise:\n"
        "# DATABASE_URL=postgres://user:password@127.0.0.1:5432/{{ project_name }}\n"
    )

"""rail-django-reporting as a user installs it: its own files, version, requirements and app.

Each check holds for a wheel install (the GitHub per-package jobs) and an editable one alike; none
depends on how many folders the shared ``rail_django`` namespace spans.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import tomllib
from pathlib import Path

from django.apps import apps

import rail_django.extensions.reporting

DISTRIBUTION = "rail-django-reporting"
MODULES = ["rail_django.extensions.reporting"]


def _shipped_by(module_file: str) -> str | None:
    """The distribution whose files hold ``module_file``: the wheel's record, or for an editable
    install (or a source checkout on ``sys.path``) the project whose ``src/`` holds it."""
    path = Path(module_file).resolve()
    record = importlib.metadata.distribution(DISTRIBUTION).files or []
    if any(Path(str(entry.locate())).resolve() == path for entry in record):
        return DISTRIBUTION
    for parent in path.parents:
        if parent.name == "src" and (parent.parent / "pyproject.toml").is_file():
            project = tomllib.loads((parent.parent / "pyproject.toml").read_text("utf-8"))
            return project["project"]["name"]
    return None


def test_app_is_installed_under_its_own_label_from_its_own_folder():
    config = apps.get_app_config("rail_django_reporting")
    assert config.name == "rail_django.extensions.reporting"
    assert (
        Path(config.path).resolve()
        == Path(rail_django.extensions.reporting.__file__).resolve().parent
    )


def test_version_comes_from_one_place():
    assert rail_django.extensions.reporting.__version__ == importlib.metadata.version(DISTRIBUTION)


def test_each_owned_module_imports_from_this_distribution():
    for name in MODULES:
        module = importlib.import_module(name)
        assert module.__file__ is not None, name  # a regular package, not a namespace
        assert _shipped_by(module.__file__) == DISTRIBUTION, (name, module.__file__)


def test_requirements_name_the_packages_it_builds_on():
    required = {
        re.match(r"[A-Za-z0-9._-]+", requirement).group(0).lower()
        for requirement in importlib.metadata.requires(DISTRIBUTION) or []
    }
    assert {"rail-django-contracts", "rail-django-core"} <= required


def _namespace_folder(module):
    """The ``rail_django/`` folder ``module`` was imported from."""
    return Path(module.__file__).resolve().parents[module.__name__.count(".")]


def test_namespace_stays_shared_with_core_and_contracts():
    import rail_django
    import rail_django.contracts
    import rail_django.core

    # A PEP 420 namespace: no __init__.py of its own, and this package's rail_django/ folder is
    # part of it next to those of core and contracts (one folder for a wheel install).
    assert getattr(rail_django, "__file__", None) is None
    search_path = {Path(folder).resolve() for folder in rail_django.__path__}
    for module in (rail_django.contracts, rail_django.core, rail_django.extensions.reporting):
        assert _namespace_folder(module) in search_path, module.__name__
    shipped = {str(f) for f in importlib.metadata.distribution(DISTRIBUTION).files or []}
    assert not shipped & {"rail_django/__init__.py", "rail_django/extensions/__init__.py"}

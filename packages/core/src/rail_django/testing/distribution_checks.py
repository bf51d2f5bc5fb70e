"""Checks that a Rail Django distribution looks, once installed, the way a user expects.

Each Rail Django package (and a third-party package that extends the ``rail_django`` namespace)
runs these from its own tests. They hold for a wheel install and an editable one alike, and none
depends on how many folders the shared PEP 420 namespace spans::

    from rail_django.testing.distribution_checks import DistributionChecks

    checks = DistributionChecks(
        "rail-django-export",
        app_label="rail_django_export",
        package="rail_django.extensions.exporting",
    )

    def test_app_is_installed_from_its_own_folder():
        checks.app_is_installed_from_its_own_folder()
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

__all__ = ["DistributionChecks"]

#: What every Rail Django extension builds on.
SPINE = frozenset({"rail-django-contracts", "rail-django-core"})


@dataclass(frozen=True)
class DistributionChecks:
    """The checks of one distribution: ``package`` is its main import path (the app's module),
    ``modules`` every import path it owns (``package`` when left out)."""

    distribution: str
    app_label: str
    package: str
    modules: tuple[str, ...] = ()
    requires: frozenset[str] = field(default=SPINE)

    def _owned(self) -> Iterable[str]:
        return self.modules or (self.package,)

    def shipped_by(self, module_file: str) -> str | None:
        """The distribution whose files hold ``module_file``: the wheel's record, or for an
        editable install (or a source checkout on ``sys.path``) the project whose ``src/``
        holds it."""
        path = Path(module_file).resolve()
        record = importlib.metadata.distribution(self.distribution).files or []
        if any(Path(str(entry.locate())).resolve() == path for entry in record):
            return self.distribution
        for parent in path.parents:
            if parent.name == "src" and (parent.parent / "pyproject.toml").is_file():
                project = tomllib.loads((parent.parent / "pyproject.toml").read_text("utf-8"))
                return project["project"]["name"]
        return None

    def app_is_installed_from_its_own_folder(self) -> None:
        """The app is installed under its own label, from this distribution's folder."""
        from django.apps import apps

        config = apps.get_app_config(self.app_label)
        package = importlib.import_module(self.package)
        assert config.name == self.package, config.name
        assert Path(config.path).resolve() == Path(package.__file__).resolve().parent

    def version_comes_from_one_place(self) -> None:
        """``__version__`` is the installed distribution's version."""
        package = importlib.import_module(self.package)
        assert package.__version__ == importlib.metadata.version(self.distribution)

    def owned_modules_import_from_this_distribution(self) -> None:
        """Each owned module is a regular package shipped by this distribution."""
        for name in self._owned():
            module = importlib.import_module(name)
            assert module.__file__ is not None, name  # a regular package, not a namespace
            assert self.shipped_by(module.__file__) == self.distribution, (name, module.__file__)

    def requirements_name_what_it_builds_on(self) -> None:
        """The distribution's requirements name every package it builds on."""
        required = {
            re.match(r"[A-Za-z0-9._-]+", requirement).group(0).lower()
            for requirement in importlib.metadata.requires(self.distribution) or []
        }
        assert self.requires <= required, sorted(self.requires - required)

    def namespace_stays_shared(self) -> None:
        """``rail_django`` stays a PEP 420 namespace: no ``__init__.py`` of its own, and this
        distribution's ``rail_django/`` folder is part of it next to core's and contracts'."""
        import rail_django
        import rail_django.contracts
        import rail_django.core

        assert getattr(rail_django, "__file__", None) is None
        search_path = {Path(folder).resolve() for folder in rail_django.__path__}
        package = importlib.import_module(self.package)
        for module in (rail_django.contracts, rail_django.core, package):
            assert _namespace_folder(module) in search_path, module.__name__
        shipped = {str(f) for f in importlib.metadata.distribution(self.distribution).files or []}
        assert not shipped & {"rail_django/__init__.py", "rail_django/extensions/__init__.py"}


def _namespace_folder(module: ModuleType) -> Path:
    """The ``rail_django/`` folder ``module`` was imported from."""
    assert module.__file__ is not None
    return Path(module.__file__).resolve().parents[module.__name__.count(".")]

"""rail-django-templating installs as a Django app of its own in the shared namespace."""

from __future__ import annotations

import importlib
import importlib.metadata

from django.apps import apps

import rail_django.extensions.templating


def test_app_is_installed_under_its_own_label():
    config = apps.get_app_config("rail_django_templating")
    assert config.name == "rail_django.extensions.templating"


def test_version_comes_from_one_place():
    assert rail_django.extensions.templating.__version__ == importlib.metadata.version(
        "rail-django-templating"
    )


def test_owned_modules_import_and_namespace_stays_shared():
    for name in ["rail_django.extensions.templating"]:
        importlib.import_module(name)
    import rail_django

    # A PEP 420 namespace: several folders, no __init__.py of its own.
    assert getattr(rail_django, "__file__", None) is None
    assert len(list(rail_django.__path__)) >= 2

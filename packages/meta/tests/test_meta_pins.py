"""The rail-django meta-package pins exactly the installed version of every sibling."""

from __future__ import annotations

import importlib.metadata

from packaging.requirements import Requirement

SIBLINGS = {
    "rail-django-contracts",
    "rail-django-core",
    "rail-django-filtering",
    "rail-django-security",
    "rail-django-subscriptions",
    "rail-django-export",
    "rail-django-reporting",
    "rail-django-templating",
    "rail-django-tasks",
}


def _pins():
    requirements = [Requirement(r) for r in importlib.metadata.requires("rail-django") or []]
    return {r.name: r for r in requirements if r.marker is None}


def test_every_sibling_is_pinned_exactly_to_its_installed_version():
    pins = _pins()
    assert set(pins) == SIBLINGS
    for name, requirement in pins.items():
        [spec] = list(requirement.specifier)
        assert spec.operator == "=="
        assert spec.version == importlib.metadata.version(name), name


def test_extras_pin_the_same_versions():
    extras = [Requirement(r) for r in importlib.metadata.requires("rail-django") or []]
    extras = [r for r in extras if r.marker is not None]
    assert {r.name for r in extras} >= {
        "rail-django-subscriptions",
        "rail-django-templating",
        "rail-django-tasks",
    }
    for requirement in extras:
        [spec] = list(requirement.specifier)
        assert spec.version == importlib.metadata.version(requirement.name)


def test_whole_framework_is_importable():
    import rail_django.contracts
    import rail_django.core
    import rail_django.extensions.exporting
    import rail_django.extensions.reporting
    import rail_django.extensions.subscriptions
    import rail_django.extensions.tasks
    import rail_django.extensions.templating
    import rail_django.filtering
    import rail_django.security
    import rail_django.webhooks

    assert rail_django.core.__version__ == importlib.metadata.version("rail-django-core")

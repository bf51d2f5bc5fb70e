"""rail-django-reporting as a user installs it: its own files, version, requirements and app.

Each check holds for a wheel install (the GitHub per-package jobs) and an editable one alike; none
depends on how many folders the shared ``rail_django`` namespace spans.
"""

from __future__ import annotations

from rail_django.testing.distribution_checks import DistributionChecks

CHECKS = DistributionChecks(
    "rail-django-reporting",
    app_label="rail_django_reporting",
    package="rail_django.extensions.reporting",
)


def test_app_is_installed_under_its_own_label_from_its_own_folder():
    CHECKS.app_is_installed_from_its_own_folder()


def test_version_comes_from_one_place():
    CHECKS.version_comes_from_one_place()


def test_each_owned_module_imports_from_this_distribution():
    CHECKS.owned_modules_import_from_this_distribution()


def test_requirements_name_the_packages_it_builds_on():
    CHECKS.requirements_name_what_it_builds_on()


def test_namespace_stays_shared_with_core_and_contracts():
    CHECKS.namespace_stays_shared()

"""No guide key is left inert (issue 22): every key a settings section declares acts.

The mechanism stays for third-party sections (a key accepted before its feature lands is a
``rail_django.W001`` warning, never silent; tested in the contracts package); Rail Django's own
sections declare none.
"""

from __future__ import annotations

from django.core import checks

from rail_django.contracts.settings_registry import settings_registry


def test_no_settings_section_declares_an_inert_key():
    inert = {
        f"{section.name}.{key}": waiting_for
        for section in settings_registry.sections()
        for key, waiting_for in section.inert.items()
    }
    assert inert == {}


def test_turning_every_switch_off_warns_about_nothing_inert(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {
            key: False
            for key, value in settings_registry.section("middleware_settings").defaults.items()
            if value is True
        }
    }
    assert [m for m in checks.run_checks() if m.id == "rail_django.W001"] == []

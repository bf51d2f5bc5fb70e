"""Mistakes in the MFA_* settings are system-check errors (``manage.py check``), never silent."""

from __future__ import annotations

from django.core import checks


def _ids(tag=checks.Tags.security):
    return [m.id for m in checks.run_checks(tags=[tag]) if m.id.startswith("rail_django_mfa.")]


def test_the_defaults_pass():
    assert _ids() == []


def test_bad_settings_are_reported_with_stable_ids(settings):
    settings.MFA_ENCRYPTION_KEYS = ["not-a-key"]
    settings.MFA_REQUIRED_FOR_STAFF = "yes"
    settings.MFA_REQUIRED_ROLES = "admin"
    settings.MFA_MAX_ATTEMPTS = 0
    assert _ids() == [
        "rail_django_mfa.E001",
        "rail_django_mfa.E002",
        "rail_django_mfa.E003",
        "rail_django_mfa.E004",
    ]


def test_a_bad_key_is_never_echoed(settings):
    settings.MFA_ENCRYPTION_KEYS = ["s3cret-value-that-is-not-fernet"]
    messages = [
        m
        for m in checks.run_checks(tags=[checks.Tags.security])
        if m.id.startswith("rail_django_mfa.")
    ]
    assert messages and all("s3cret" not in f"{m.msg} {m.hint}" for m in messages)

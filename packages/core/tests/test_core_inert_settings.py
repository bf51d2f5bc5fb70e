"""Guide keys that do not act yet are accepted, and ``manage.py check`` says they do nothing."""

from __future__ import annotations

from django.core import checks


def _w210(messages):
    return [m for m in messages if m.id == "rail_django.W001"]


def test_defaults_raise_no_warning(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {"enable_error_handling_middleware": True}
    }
    assert _w210(checks.run_checks(tags=["rail_django"])) == []


def test_a_key_turned_on_is_reported_once_with_what_it_waits_for(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {"enable_validation_middleware": False}
    }
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"admin": {}}
    [warning] = _w210(checks.run_checks(tags=["rail_django"]))
    assert warning.level == checks.WARNING
    assert warning.msg == (
        "RAIL_DJANGO_GRAPHQL: middleware_settings.enable_validation_middleware is accepted "
        "but has no effect yet."
    )
    assert "input sanitisation" in warning.hint


def test_a_schema_override_is_reported_for_that_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "admin": {"middleware_settings": {"enable_error_handling_middleware": False}},
        "mobile": {},
    }
    [warning] = _w210(checks.run_checks(tags=["rail_django"]))
    assert warning.msg.startswith(
        "schema 'admin': middleware_settings.enable_error_handling_middleware"
    )

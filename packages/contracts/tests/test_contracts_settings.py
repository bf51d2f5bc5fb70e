"""Settings sections: precedence, caching, and mistakes reported as system-check errors."""

from __future__ import annotations

import pytest
from django.core import checks

from rail_django.contracts.settings_registry import (
    SchemaOption,
    SettingsRegistry,
    SettingsSection,
)


def _positive_size(values):
    if values["page_size"] <= 0:
        yield f"page_size must be greater than 0 (got {values['page_size']})"


@pytest.fixture
def registry():
    reg = SettingsRegistry()
    reg.register(
        SettingsSection(
            name="demo_settings",
            defaults={"page_size": 20, "enabled": True, "names": [], "allowlist": None},
            types={"allowlist": (list, type(None))},
            validators=(_positive_size,),
        )
    )
    reg.register(
        SettingsSection(
            name="RAIL_DEMO_EXPORT",
            setting="RAIL_DEMO_EXPORT",
            defaults={"max_rows": 1000},
            per_schema=False,
        )
    )
    reg.register_schema_option(SchemaOption("enabled", True, bool))
    return reg


def test_defaults_apply_when_nothing_is_set(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    resolved = registry.resolve("gql")
    assert resolved["demo_settings"]["page_size"] == 20
    assert resolved.value("RAIL_DEMO_EXPORT", "max_rows") == 1000
    assert resolved.option("enabled") is True


def test_precedence_defaults_then_global_then_code_then_schema(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"demo_settings": {"page_size": 50, "names": ["a"]}}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"admin": {"demo_settings": {"page_size": 7}}}
    registry.set_code_entry("admin", {"demo_settings": {"page_size": 9, "enabled": False}})
    registry.set_code_entry("mobile", {"demo_settings": {"page_size": 9}})

    admin = registry.resolve("admin")
    assert admin["demo_settings"]["page_size"] == 7  # the settings file has the last word
    assert admin["demo_settings"]["enabled"] is False  # from code, untouched by settings
    assert admin["demo_settings"]["names"] == ["a"]  # from the global level
    assert registry.resolve("mobile")["demo_settings"]["page_size"] == 9
    assert registry.resolve("gql")["demo_settings"]["page_size"] == 50
    assert registry.resolve(None)["demo_settings"]["page_size"] == 50


def test_resolved_settings_are_read_only(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    with pytest.raises(TypeError):
        registry.resolve("gql")["demo_settings"]["page_size"] = 1  # type: ignore[index]


def test_cache_follows_django_setting_changes(settings):
    # Uses the process-wide registry, whose cache the contracts app clears on setting_changed.
    from rail_django.contracts.settings_registry import settings_registry

    section = SettingsSection(name="cache_probe_settings", defaults={"size": 1})
    settings_registry.register(section)
    settings.RAIL_DJANGO_GRAPHQL = {"cache_probe_settings": {"size": 2}}
    assert settings_registry.resolve("gql")["cache_probe_settings"]["size"] == 2
    settings.RAIL_DJANGO_GRAPHQL = {"cache_probe_settings": {"size": 3}}
    assert settings_registry.resolve("gql")["cache_probe_settings"]["size"] == 3


def test_schema_option_from_settings_entry(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"old": {"enabled": False}}
    assert registry.resolve("old").option("enabled") is False


def _ids(messages):
    return [m.id for m in messages]


def test_valid_settings_have_no_check_messages(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"demo_settings": {"page_size": 10, "allowlist": ["x"]}}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"a": {"enabled": False, "demo_settings": {}}}
    assert registry.check() == []


def test_unknown_section_with_hint(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"demo_setings": {}}
    [message] = registry.check()
    assert message.id == "rail_django.E002"
    assert "demo_setings" in message.msg
    assert message.hint == "Did you mean 'demo_settings'?"
    assert message.level == checks.ERROR


def test_unknown_key_with_hint(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"demo_settings": {"page_sise": 10}}
    [message] = registry.check()
    assert message.id == "rail_django.E003"
    assert message.hint == "Did you mean 'page_size'?"


def test_wrong_type_is_reported_with_the_value(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"demo_settings": {"page_size": "20", "enabled": 1}}
    messages = registry.check()
    assert _ids(messages) == ["rail_django.E004", "rail_django.E004"]
    assert "demo_settings']['page_size'] must be int, not str ('20')" in messages[0].msg
    assert "must be bool" in messages[1].msg


def test_bool_is_not_accepted_for_an_int(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"demo_settings": {"page_size": True}}
    assert _ids(registry.check()) == ["rail_django.E004"]


def test_schema_entry_mistakes_are_reported(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "admin": {"enabld": False, "demo_settings": {"page_size": 5}},
        "bad": ["not", "a", "dict"],
        "off": {"enabled": "no"},
    }
    messages = registry.check()
    assert sorted(_ids(messages)) == ["rail_django.E001", "rail_django.E002", "rail_django.E004"]
    unknown = next(m for m in messages if m.id == "rail_django.E002")
    assert unknown.hint == "Did you mean 'enabled'?"


def test_own_setting_section_is_checked(registry, settings):
    settings.RAIL_DEMO_EXPORT = {"max_row": 5}
    [message] = registry.check()
    assert message.id == "rail_django.E003"
    assert message.msg.startswith("RAIL_DEMO_EXPORT")


def test_impossible_combination_after_merge(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"tiny": {"demo_settings": {"page_size": 0}}}
    [message] = registry.check()
    assert message.id == "rail_django.E005"
    assert "schema 'tiny'" in message.msg and "page_size must be greater than 0" in message.msg


def test_global_setting_of_wrong_shape(registry, settings):
    settings.RAIL_DJANGO_GRAPHQL = ["nope"]
    assert _ids(registry.check()) == ["rail_django.E001"]


def test_section_declared_twice_differently_is_refused(registry):
    with pytest.raises(ValueError, match="already declared"):
        registry.register(SettingsSection(name="demo_settings", defaults={"other": 1}))


def test_check_runs_through_django_check_framework(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"no_such_section": {}}
    messages = checks.run_checks(tags=["rail_django"])
    assert any(m.id == "rail_django.E002" and "no_such_section" in m.msg for m in messages)


def test_inert_key_set_away_from_default_warns_once(settings):
    reg = SettingsRegistry()
    reg.register(
        SettingsSection(
            name="later_settings",
            defaults={"sentry": False, "size": 1},
            inert={"sentry": "the Sentry integration"},
        )
    )
    settings.RAIL_DJANGO_GRAPHQL = {"later_settings": {"size": 2}}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"a": {}, "b": {"later_settings": {"sentry": True}}}
    [warning] = reg.check()
    assert warning.id == "rail_django.W001" and warning.level == checks.WARNING
    assert warning.msg == "schema 'b': later_settings.sentry is accepted but has no effect yet."
    assert warning.hint == "It waits for the Sentry integration."
    settings.RAIL_DJANGO_GRAPHQL = {"later_settings": {"sentry": True}}
    assert [w.msg.split(":")[0] for w in reg.check()] == ["RAIL_DJANGO_GRAPHQL"]

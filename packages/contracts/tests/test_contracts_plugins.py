"""The plugin registry keeps a deterministic order whatever the registration order."""

from __future__ import annotations

import pytest

from rail_django.contracts.plugins import ContributionKind, PluginRegistry


def provider(name):
    def fields(context):
        return {name: object()}

    fields.__name__ = name
    return fields


def test_order_is_by_order_then_plugin_then_registration():
    registry = PluginRegistry()
    a1, a2, b1, early = provider("a1"), provider("a2"), provider("b1"), provider("early")
    registry.register(ContributionKind.QUERY_FIELDS, b1, plugin="zeta")
    registry.register(ContributionKind.QUERY_FIELDS, a1, plugin="alpha")
    registry.register("query_fields", a2, plugin="alpha")
    registry.register(ContributionKind.QUERY_FIELDS, early, plugin="zeta", order=-10)
    assert registry.values(ContributionKind.QUERY_FIELDS) == (early, a1, a2, b1)


def test_kinds_are_kept_apart_and_duplicates_ignored():
    registry = PluginRegistry()
    rule = object()
    registry.register(ContributionKind.VALIDATION_RULES, rule, plugin="p")
    registry.register(ContributionKind.VALIDATION_RULES, rule, plugin="p")  # ready() ran twice
    assert registry.values(ContributionKind.VALIDATION_RULES) == (rule,)
    assert registry.values(ContributionKind.MUTATION_FIELDS) == ()


def test_decorator_and_unregister():
    registry = PluginRegistry()

    @registry.contributes(ContributionKind.URL_PATTERNS, plugin="export")
    def urls():
        return []

    assert registry.values(ContributionKind.URL_PATTERNS) == (urls,)
    registry.unregister_plugin("export")
    assert registry.values(ContributionKind.URL_PATTERNS) == ()


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        PluginRegistry().register("resolvers", object(), plugin="p")

"""``manage.py check`` reports GraphQLMeta.Filtering mistakes; the schema still builds."""

from __future__ import annotations

from django.core import checks
from django.db import models
from filtering_testapp.models import Label

from rail_django.core import schema_registry
from rail_django.core.meta import FilterField, Filtering, clear_meta_cache
from rail_django.core.schema_builder import build_schema


def _forget_built_schemas() -> None:
    """The plans are built with each schema: drop the built ones to see the changed meta."""
    clear_meta_cache()
    schema_registry.invalidate()


def test_meta_mistakes_are_system_check_errors(settings, monkeypatch):
    broken = type(
        "GraphQLMeta",
        (),
        {
            "filtering": Filtering(
                quick=["name", "color__x", "items"],
                fields={
                    "name": FilterField(lookups=["icontains", "near"]),
                    "nothing": FilterField(lookups=["eq"]),
                },
            )
        },
    )
    monkeypatch.setattr(Label, "GraphQLMeta", broken, raising=False)
    _forget_built_schemas()
    try:
        messages = [m.msg for m in checks.run_checks() if m.id == "rail_django_filtering.E001"]
        assert any("'nothing' is not an exposed field" in m for m in messages)
        assert any("lookup 'near' is not offered for String fields" in m for m in messages)
        assert any("'color__x'" in m for m in messages)
        assert any("'items' ends on a relation" in m for m in messages)
        operators = build_schema("flt").graphql_schema.get_type("LabelNameFilterInput").fields
        assert set(operators) == {"icontains"}
    finally:
        monkeypatch.undo()
        _forget_built_schemas()


def test_a_correct_project_has_no_filtering_errors():
    assert not [m for m in checks.run_checks() if m.id == "rail_django_filtering.E001"]
    assert isinstance(Label._meta.get_field("name"), models.CharField)

"""GraphQLMeta: the inner class, meta.yaml / meta.json, precedence, and check errors."""

from __future__ import annotations

import dataclasses
import json

import pytest
from core_testapp.models import Category, Customer, Product, Tag
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from rail_django.core.meta import GraphQLMeta, get_model_meta
from rail_django.core.meta.checks import check_graphql_meta
from rail_django.core.meta.meta_files import meta_file_for
from rail_django.core.schema_builder import build_schema


def test_code_meta_is_resolved_once_and_immutable():
    meta = get_model_meta(Product)
    assert meta is get_model_meta(Product)
    assert meta.fields.exclude == ("cost_price", "supplier_notes")
    assert meta.fields.read_only == ("sku",)
    assert meta.ordering.default == ("-price",)
    assert meta.filtering.quick == ("name", "sku")
    assert meta.filtering.fields["price"].lookups == ("gt", "lt", "between")
    assert meta.field_groups == {"pricing": ("price",)}
    assert meta.custom_metadata == {"icon": "box"}
    assert meta.sources["fields"] == "code"
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.ordering = None
    with pytest.raises(TypeError):
        meta.custom_metadata["icon"] = "x"
    customer = get_model_meta(Customer)
    assert customer.classifications.model == ("pii",)
    assert customer.classifications.fields == {"salary": ("financial",)}


def test_meta_yaml_is_loaded_and_code_wins_per_key():
    tag = get_model_meta(Tag)
    assert tag.ordering.allowed == ("name",)
    assert tag.sources["ordering"].endswith("meta.yaml")
    category = get_model_meta(Category)
    assert category.fields.exclude == ("internal_code",)  # from meta.yaml
    assert category.ordering.default == ("-name",)  # code over meta.yaml
    assert category.sources["ordering"] == "code"
    assert "internalCode" not in str(build_schema("gql")).split("type Category {")[1].split("}")[0]


def test_meta_json_and_broken_files(tmp_path):
    (tmp_path / "meta.json").write_text(
        json.dumps({"models": {"Thing": {"ordering": {"default": ["name"]}}}})
    )
    assert meta_file_for(tmp_path).entry("thing") == {"ordering": {"default": ["name"]}}
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "meta.yaml").write_text("models: [oops\n")
    assert "cannot be read" in meta_file_for(broken).problems[0]
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "meta.yaml").write_text("modles: {}\n")
    assert "unknown top-level key 'modles'" in meta_file_for(wrong).problems[0]


def test_the_test_project_has_no_meta_errors():
    call_command("check")


@isolate_apps("core_testapp")
def test_invalid_meta_is_a_check_error_naming_the_model_and_key():
    from django.apps import apps as global_apps

    class Broken(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=10)

        class GraphQLMeta(GraphQLMeta):
            fields = GraphQLMeta.Fields(exclude=["nmae"])
            ordering = GraphQLMeta.Ordering(allowed=["name"], default="name")
            filtering = {"quick": ["name"], "lookups": {}}
            classifications = GraphQLMeta.Classification(fields={"ghost": ["pii"]})
            colour = "blue"

        class Meta:
            app_label = "core_testapp"

    config = Broken._meta.apps.get_app_config("core_testapp")
    messages = [m for m in check_graphql_meta([config]) if m.obj is Broken]
    text = "\n".join(m.msg for m in messages)
    assert all(m.id == "rail_django.E101" for m in messages)
    assert "core_testapp.Broken: GraphQLMeta key 'fields.exclude': unknown field 'nmae'" in text
    assert "'ordering.default': must be a list of names, not str" in text
    assert "'filtering': unknown key(s) 'lookups'" in text
    assert "'classifications.fields': unknown field 'ghost'" in text
    assert "'colour': unknown GraphQLMeta attribute" in text
    assert global_apps.is_installed("core_testapp")


@isolate_apps("core_testapp")
def test_bad_paths_in_ordering_are_check_errors():
    class Owner(models.Model):  # noqa: DJ008
        username = models.CharField(max_length=10)

        class Meta:
            app_label = "core_testapp"

    class Paths(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=10)
        owner = models.ForeignKey(Owner, on_delete=models.CASCADE)

        class GraphqlMeta(GraphQLMeta):
            ordering = GraphQLMeta.Ordering(allowed=["owner__nope", "name__x", "owner__username"])

        class Meta:
            app_label = "core_testapp"

    config = Paths._meta.apps.get_app_config("core_testapp")
    text = "\n".join(m.msg for m in check_graphql_meta([config]) if m.obj is Paths)
    assert "'ordering.allowed': unknown field 'nope' on Owner (in 'owner__nope')" in text
    assert "'name' of Paths is not a relation (in 'name__x')" in text
    assert "owner__username" not in text

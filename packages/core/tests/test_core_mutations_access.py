"""Who may run generated mutations: authentication, codenames, generate_* and enable_*."""

from __future__ import annotations

import contextlib

import pytest
from core_query_client import codes, ok, run, user_with
from core_testapp.models import Category, Tag

from rail_django.contracts.permissions import permission_backend
from rail_django.core.schema_builder import build_schema

pytestmark = pytest.mark.django_db

CREATE = 'mutation { createTag(input: { name: "new" }) { ok errors tag { name } } }'


def _update(tag: Tag) -> str:
    return f'mutation {{ updateTag(id: "{tag.pk}", input: {{ name: "x" }}) {{ ok errors }} }}'


def _delete(tag: Tag) -> str:
    return f'mutation {{ deleteTag(id: "{tag.pk}") {{ ok errors }} }}'


def test_anonymous_users_are_refused():
    answer = run(CREATE)
    assert codes(answer) == ["RAIL_GQL_UNAUTHENTICATED"]
    assert answer["data"] == {"createTag": None}
    assert Tag.objects.count() == 0


def test_each_operation_needs_its_codename(django_user_model):
    tag = Tag.objects.create(name="old")
    nobody = user_with(django_user_model, "nobody", "core_testapp.view_tag")
    for query in (CREATE, _update(tag), _delete(tag)):
        assert codes(run(query, user=nobody)) == ["RAIL_GQL_PERMISSION_DENIED"]
    adder = user_with(django_user_model, "adder", "core_testapp.add_tag")
    assert ok(run(CREATE, user=adder))["createTag"]["ok"] is True
    assert codes(run(_update(tag), user=adder)) == ["RAIL_GQL_PERMISSION_DENIED"]
    changer = user_with(django_user_model, "changer", "core_testapp.change_tag")
    assert ok(run(_update(tag), user=changer))["updateTag"]["ok"] is True
    assert codes(run(_delete(tag), user=changer)) == ["RAIL_GQL_PERMISSION_DENIED"]
    deleter = user_with(django_user_model, "deleter", "core_testapp.delete_tag")
    assert ok(run(_delete(tag), user=deleter))["deleteTag"]["ok"] is True
    message = run(CREATE, user=nobody)["errors"][0]["message"]
    assert message == "You do not have permission to create tags."


def test_codenames_come_from_settings(django_user_model, settings):
    viewer = user_with(django_user_model, "viewer", "core_testapp.view_tag")
    adder = user_with(django_user_model, "adder", "core_testapp.add_tag")
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {"model_permission_codenames": {"create": "view"}}
    }
    assert ok(run(CREATE, user=viewer))["createTag"]["ok"] is True
    assert codes(run(CREATE, user=adder)) == ["RAIL_GQL_PERMISSION_DENIED"]
    settings.RAIL_DJANGO_GRAPHQL = {"mutation_settings": {"require_model_permissions": False}}
    nobody = user_with(django_user_model, "nobody")
    assert ok(run(CREATE.replace("new", "other"), user=nobody))["createTag"]["ok"] is True
    assert codes(run(CREATE)) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_generate_toggles_add_and_remove_fields(settings, admin_user):
    sdl = str(build_schema("gql"))
    assert "createTag(" in sdl and "updateTag(" in sdl and "deleteTag(" in sdl
    assert "bulkCreateTag" not in sdl  # generate_bulk is off by default
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {"generate_update": False, "generate_delete": False}
    }
    sdl = str(build_schema("gql"))
    assert "createTag(" in sdl and "updateTag(" not in sdl and "deleteTag(" not in sdl
    answer = run('mutation { deleteTag(id: "1") { ok } }', user=admin_user)
    assert codes(answer) == ["RAIL_GQL_VALIDATION_FAILED"]


def test_enable_toggles_keep_the_field_and_refuse(settings, admin_user):
    tag = Tag.objects.create(name="old")
    settings.RAIL_DJANGO_GRAPHQL = {
        "mutation_settings": {"enable_create": False, "enable_delete": False}
    }
    answer = run(CREATE, user=admin_user)
    assert codes(answer) == ["RAIL_GQL_OPERATION_DISABLED"]
    assert answer["errors"][0]["message"] == "Create of tags is disabled."
    assert codes(run(_delete(tag), user=admin_user)) == ["RAIL_GQL_OPERATION_DISABLED"]
    assert ok(run(_update(tag), user=admin_user))["updateTag"]["ok"] is True
    assert Tag.objects.count() == 1


def test_per_schema_settings(settings, admin_user):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "auth": {"mutation_settings": {"generate_create": False, "generate_update": False}},
    }
    sdl = str(build_schema("auth"))
    assert "createTag(" not in sdl and "deleteTag(" in sdl
    assert "createTag(" in str(build_schema("gql"))


class NoSlugWrites:
    """A permission backend refusing writes of Category.slug (what security's field rules do)."""

    def __init__(self):
        from rail_django.contracts.permissions import DjangoModelPermissionBackend

        self.base = DjangoModelPermissionBackend()

    def __getattr__(self, name):
        return getattr(self.base, name)

    def field_rules(self, model, field_name, **kwargs):
        from rail_django.contracts.permissions import FieldRules

        return FieldRules(write=True)

    def field_write(self, user, model, field_name, **kwargs):
        return not (model is Category and field_name == "slug")


@contextlib.contextmanager
def installed(backend):
    with permission_backend.swapped(backend):
        yield


def test_field_writes_are_checked_by_the_backend(admin_user):
    with installed(NoSlugWrites()):
        answer = run(
            'mutation { createCategory(input: { name: "A", slug: "a" }) { ok errors } }',
            user=admin_user,
        )
    payload = ok(answer)["createCategory"]
    assert payload["errors"] == [
        {
            "field": "slug",
            "message": "You do not have permission to write this field.",
            "code": "RAIL_GQL_PERMISSION_DENIED",
        }
    ]
    assert Category.objects.count() == 0

"""Object-level permissions: rows outside a user's scope are invisible everywhere.

Scopes come from ``GraphQLMeta.access`` (``owner_field`` / ``assigned_field``) and the roles'
``*_own`` / ``*_assigned`` permissions, and from access guards (``GraphQLMeta.guards``).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from security_authz_client import codes, data, gql, logged_in, make_projects, person, post
from security_testapp.models import Document, Project, Task

pytestmark = pytest.mark.django_db

PROJECTS = '{ projects(orderBy: ["name"]) { name } }'


def names(rows):
    return [row["name"] for row in rows]


def test_lists_hold_only_owned_or_assigned_rows():
    world = make_projects()
    assert names(data(gql(PROJECTS, world.ann))["projects"]) == ["Apollo"]
    assert names(data(gql(PROJECTS, world.bob))["projects"]) == ["Borealis"]
    assert names(data(gql(PROJECTS, world.cy))["projects"]) == ["Borealis"]  # assigned
    manager = person("meg", "project_manager")  # the plain permission: every row
    assert names(data(gql(PROJECTS, manager))["projects"]) == ["Apollo", "Borealis"]
    boss = person("root", superuser=True)
    assert names(data(gql(PROJECTS, boss))["projects"]) == ["Apollo", "Borealis"]


def test_a_user_without_any_project_permission_is_refused():
    make_projects()
    stranger = person("stranger")
    answer = gql(PROJECTS, stranger)
    assert codes(answer) == ["RAIL_GQL_PERMISSION_DENIED"]
    assert answer["data"]["projects"] is None


def test_nested_lists_and_foreign_keys_are_scoped_like_root_lists():
    world = make_projects()
    # Bob sees Apollo's task assigned to him, but not Apollo itself.
    answer = data(gql('{ tasks(orderBy: ["title"]) { title project { name } } }', world.bob))
    assert answer["tasks"] == [
        {"title": "apollo-build", "project": None},
        {"title": "borealis-plan", "project": {"name": "Borealis"}},
    ]
    # Ann's project lists both its tasks; Bob's view of Borealis lists only Borealis' task.
    query = '{ projects { name tasks(orderBy: ["title"]) { title } } }'
    assert data(gql(query, world.ann))["projects"] == [
        {"name": "Apollo", "tasks": [{"title": "apollo-build"}, {"title": "apollo-design"}]}
    ]
    # Cy is assigned to Borealis (sees it) but owns no task and is assigned none.
    assert data(gql(query, world.cy))["projects"] == [{"name": "Borealis", "tasks": []}]


def test_a_forbidden_id_answers_exactly_like_a_missing_id():
    world = make_projects()
    query = "query($id: ID!) { project(id: $id) { name } }"
    mine = gql(query, world.ann, {"id": str(world.apollo.pk)})
    assert data(mine) == {"project": {"name": "Apollo"}}
    forbidden = gql(query, world.ann, {"id": str(world.borealis.pk)})
    missing = gql(query, world.ann, {"id": "987654"})
    assert forbidden == missing == {"data": {"project": None}}


def test_mutations_cannot_reach_rows_outside_the_scope():
    world = make_projects()
    mutation = """mutation($id: ID!) {
      updateProject(id: $id, input: {name: "Renamed"}) { ok errors }
    }"""
    forbidden = gql(mutation, world.ann, {"id": str(world.borealis.pk)})
    missing = gql(mutation, world.ann, {"id": "987654"})
    assert forbidden == missing
    assert forbidden["data"]["updateProject"]["ok"] is False
    assert [e["code"] for e in forbidden["data"]["updateProject"]["errors"]] == [
        "RAIL_GQL_NOT_FOUND"
    ]
    assert Project.objects.get(pk=world.borealis.pk).name == "Borealis"
    # Ann holds change_project_own: her own project is hers to rename.
    mine = gql(mutation, world.ann, {"id": str(world.apollo.pk)})
    assert mine["data"]["updateProject"] == {"ok": True, "errors": []}
    assert Project.objects.get(pk=world.apollo.pk).name == "Renamed"


def test_access_guards_narrow_every_consumer():
    world = make_projects()
    Document.objects.create(title="public", published=True, owner=world.bob)
    Document.objects.create(title="ann-draft", published=False, owner=world.ann)
    Document.objects.create(title="bob-draft", published=False, owner=world.bob)
    query = '{ documents(orderBy: ["title"]) { title } }'
    assert data(gql(query, world.ann))["documents"] == [
        {"title": "ann-draft"},
        {"title": "public"},
    ]
    assert data(gql(query, world.bob))["documents"] == [
        {"title": "bob-draft"},
        {"title": "public"},
    ]
    boss = person("root", superuser=True)
    assert len(data(gql(query, boss))["documents"]) == 3


def test_object_permissions_can_be_switched_off(settings):
    world = make_projects()
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_object_permissions": False}}
    assert names(data(gql(PROJECTS, world.ann))["projects"]) == ["Apollo", "Borealis"]


def test_scoping_costs_no_query_per_row():
    world = make_projects()
    client = logged_in(world.ann)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            answer = post(client, "{ tasks { title project { name } } }")
        assert "errors" not in answer
        return len(queries)

    queries_for_list()  # warm the role cache
    few = queries_for_list()
    for index in range(20):
        Task.objects.create(project=world.apollo, title=f"t{index}")
    assert queries_for_list() == few <= 6


def test_deletes_outside_the_scope_answer_like_missing_rows():
    world = make_projects()
    # Ann may delete her own projects only (delete_project_own through a code role).
    from rail_django.security import role_manager

    role_manager.register_role(
        name="project_deleter", permissions=["security_testapp.delete_project_own"]
    )
    try:
        role_manager.assign_role(world.ann, "project_deleter")
        mutation = "mutation($id: ID!) { deleteProject(id: $id) { ok errors } }"
        forbidden = gql(mutation, world.ann, {"id": str(world.borealis.pk)})
        missing = gql(mutation, world.ann, {"id": "987654"})
        assert forbidden == missing
        assert forbidden["data"]["deleteProject"]["errors"][0]["code"] == "RAIL_GQL_NOT_FOUND"
        assert Project.objects.filter(pk=world.borealis.pk).exists()
        mine = gql(mutation, world.ann, {"id": str(world.apollo.pk)})
        assert mine["data"]["deleteProject"]["ok"] is True
        assert not Project.objects.filter(pk=world.apollo.pk).exists()
    finally:
        role_manager.unregister_role("project_deleter")


def test_a_subclass_of_the_rbac_backend_that_scopes_its_own_way_is_never_skipped():
    from core_store_data import make_store
    from django.contrib.auth.models import Permission

    from rail_django.contracts.permissions import permission_backend
    from rail_django.security.permission_backend import RbacPermissionBackend

    class NothingToday(RbacPermissionBackend):
        """A project's own rule on top of RBAC (tenants, say): here, no row at all."""

        def scope_queryset(self, user, queryset, operation="view", *, runtime=None):
            return super().scope_queryset(user, queryset, operation, runtime=runtime).none()

    make_store()
    viewer = person("vic")
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_product", content_type__app_label="core_testapp")
    )
    query = '{ products(orderBy: ["name"]) { name } }'
    # Products declare no access rules: RBAC alone never scopes them...
    assert len(data(gql(query, viewer))["products"]) == 4
    # ...but a subclass overriding scope_queryset is asked, whatever the model declares.
    with permission_backend.swapped(NothingToday(), owner="tests"):
        assert data(gql(query, viewer))["products"] == []

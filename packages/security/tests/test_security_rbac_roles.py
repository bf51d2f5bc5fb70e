"""RBAC: roles from meta.yaml, code and the database; inheritance, wildcards, groups, max_users,
contextual permissions, require_role, the cache and its invalidation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from security_authz_client import codes, data, gql, make_projects, person
from security_testapp.models import Project

from rail_django.security import PermissionContext, role_manager
from rail_django.security.rbac.models import Role

pytestmark = pytest.mark.django_db

PROJECTS = '{ projects(orderBy: ["name"]) { name } }'


def test_roles_declared_in_meta_yaml_are_loaded_at_start_up():
    member = role_manager.get_role("project_member")
    assert member is not None and member.source.endswith("security_testapp/meta.yaml")
    assert member.role_type == "functional"
    admin = role_manager.get_role("catalog_admin")
    assert admin.is_system_role and admin.max_users == 2
    assert role_manager.get_role("superadmin").source == "built-in"


def test_a_meta_yaml_role_grants_its_permissions_over_http():
    make_projects()
    nobody = person("nobody")
    assert codes(gql(PROJECTS, nobody)) == ["RAIL_GQL_PERMISSION_DENIED"]
    manager = person("meg", "project_manager")
    assert data(gql(PROJECTS, manager))["projects"] == [{"name": "Apollo"}, {"name": "Borealis"}]


def test_roles_inherit_their_parents_permissions():
    make_projects()
    director = person("dora", "project_director")  # declares no permission of its own
    assert role_manager.get_user_roles(director) == [
        "project_director",
        "project_manager",
        "project_member",
    ]
    assert len(data(gql(PROJECTS, director))["projects"]) == 2
    assert role_manager.has_permission(director, "security_testapp.change_project_own")


def test_wildcard_permissions():
    make_projects()
    contractor = person("carl", "contractor")  # security_testapp.*
    assert role_manager.has_permission(contractor, "security_testapp.delete_task")
    assert not role_manager.has_permission(contractor, "auth.view_user")
    assert len(data(gql(PROJECTS, contractor))["projects"]) == 2


def test_roles_assigned_to_a_group_reach_its_members():
    make_projects()
    managers = Group.objects.create(name="managers")
    role_manager.assign_role(managers, "project_manager")
    gina = person("gina")
    assert codes(gql(PROJECTS, gina)) == ["RAIL_GQL_PERMISSION_DENIED"]
    gina.groups.add(managers)  # the group change drops the cached grants
    assert len(data(gql(PROJECTS, gina))["projects"]) == 2


def test_revoking_a_role_takes_effect_on_the_next_request():
    make_projects()
    meg = person("meg", "project_manager")
    assert len(data(gql(PROJECTS, meg))["projects"]) == 2  # cached now
    assert role_manager.revoke_role(meg, "project_manager")
    assert codes(gql(PROJECTS, meg)) == ["RAIL_GQL_PERMISSION_DENIED"]


def test_grants_are_recomputed_per_request_with_the_cache_off(settings):
    make_projects()
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_permission_cache": False}}
    meg = person("meg", "project_manager")
    assert len(data(gql(PROJECTS, meg))["projects"]) == 2


def test_max_users_is_enforced():
    person("a1", "catalog_admin")
    person("a2", "catalog_admin")
    with pytest.raises(ValidationError, match="limited to 2 users"):
        person("a3", "catalog_admin")


def test_unknown_roles_cannot_be_assigned():
    with pytest.raises(ValidationError, match="no role 'ghost'"):
        person("x", "ghost")


def test_database_roles_cannot_shadow_declared_roles_and_inherit_them():
    with pytest.raises(ValidationError, match="declared in"):
        Role.objects.create(name="project_manager")
    with pytest.raises(ValidationError, match="declared in built-in"):
        Role.objects.create(name="superadmin")
    Role.objects.create(name="night_shift", parent_roles=["project_manager"])
    make_projects()
    night = person("nina", "night_shift")
    assert len(data(gql(PROJECTS, night))["projects"]) == 2


def test_meta_roles_are_additive_and_never_override(tmp_path):
    (tmp_path / "meta.yaml").write_text(
        "roles:\n"
        "  superadmin: {permissions: [nothing.at_all]}\n"
        "  project_member: {permissions: [nothing.at_all]}\n"
        "  night_reader: {permissions: [security_testapp.view_project], role_type: bogus}\n"
        "  late_reader: {permissions: [security_testapp.view_project]}\n"
    )
    from types import SimpleNamespace

    from rail_django.core.meta.meta_files import clear_meta_file_cache

    clear_meta_file_cache()
    try:
        added = role_manager.load_meta_roles([SimpleNamespace(path=str(tmp_path))])
        assert [role.name for role in added] == ["late_reader"]
        assert role_manager.get_role("superadmin").permissions == ("*",)
        assert "nothing.at_all" not in role_manager.get_role("project_member").permissions
        problems = "\n".join(role_manager.problems)
        assert "roles.superadmin is already declared in built-in" in problems
        assert "roles.night_reader.role_type must be one of" in problems
    finally:
        role_manager.unregister_role("late_reader")
        role_manager._problems.clear()


def test_code_cannot_redefine_a_built_in_role():
    with pytest.raises(ValueError, match="built-in system role"):
        role_manager.register_role(name="superadmin", permissions=["x.y"])
    role = role_manager.register_role(name="auditor", permissions=["security_testapp.view_*"])
    try:
        assert role.source == "code"
        auditor = person("audrey", "auditor")
        assert role_manager.has_permission(auditor, "security_testapp.view_project")
    finally:
        role_manager.unregister_role("auditor")


def test_contextual_permissions_need_the_object():
    world = make_projects()
    own = "security_testapp.change_project_own"
    assert role_manager.has_permission(world.ann, own, PermissionContext(world.ann, world.apollo))
    assert not role_manager.has_permission(
        world.ann, own, PermissionContext(world.ann, world.borealis)
    )
    assert not role_manager.has_permission(world.ann, own)  # no object: no ownership
    # The plain permission, checked on an object, is granted through the _own variant.
    plain = "security_testapp.change_project"
    assert role_manager.has_permission(world.ann, plain, PermissionContext(world.ann, world.apollo))
    assert not role_manager.has_permission(world.ann, plain)
    # _assigned: Cy is assigned to Borealis (many-to-many) and may view it.
    view = "security_testapp.view_project"
    assert role_manager.has_permission(world.cy, view, PermissionContext(world.cy, world.borealis))
    assert not role_manager.has_permission(
        world.cy, view, PermissionContext(world.cy, world.apollo)
    )
    manager = person("meg", "project_manager")  # holds change_project outright
    assert role_manager.has_permission(manager, own, PermissionContext(manager, world.borealis))
    assert Project.objects.count() == 2


def test_require_role_guards_a_custom_resolver(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {"query_extensions": ["security_testapp.graphql_extensions.ReportQuery"]}
    }
    query = "{ financialReport }"
    assert codes(gql(query)) == ["RAIL_GQL_UNAUTHENTICATED"]
    answer = gql(query, person("mo", "project_member"))
    assert codes(answer) == ["RAIL_GQL_PERMISSION_DENIED"]
    assert answer["errors"][0]["message"] == "This requires the role 'project_manager'."
    assert data(gql(query, person("dora", "project_director"))) == {"financialReport": "all good"}
    assert data(gql(query, person("root", superuser=True))) == {"financialReport": "all good"}


def test_django_permissions_are_cached_and_refreshed_when_they_change(
    django_assert_num_queries,
):
    from django.contrib.auth.models import Permission

    make_projects()
    paula = person("paula")
    assert codes(gql(PROJECTS, paula)) == ["RAIL_GQL_PERMISSION_DENIED"]
    paula.user_permissions.add(
        Permission.objects.get(content_type__app_label="security_testapp", codename="view_project")
    )
    assert len(data(gql(PROJECTS, paula))["projects"]) == 2
    fresh = type(paula).objects.get(pk=paula.pk)  # a new request's user object
    with django_assert_num_queries(0):  # cached: no permission query on later requests
        assert role_manager.has_permission(fresh, "security_testapp.view_project")

"""The admin-only role API over GraphQL, the Django admin registration, permission audit events
and the authorization system checks."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from security_authz_client import codes, data, gql, make_projects, person

from rail_django.contracts.audit import AuditOutcome, audit_sink
from rail_django.security import role_manager
from rail_django.security.authorization_checks import check_authorization
from rail_django.security.rbac.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

DEFINE = """mutation {
  defineRole(name: "night_shift", description: "Nights", permissions: ["security_testapp.view_*"],
             parentRoles: ["project_member"], maxUsers: 1) {
    name source permissions inheritedPermissions maxUsers
  }
}"""


def test_only_security_admins_may_manage_roles():
    mo = person("mo", "project_manager")
    for query in (DEFINE, "{ roleDefinitions { name } }"):
        assert codes(gql(query, mo)) == ["RAIL_GQL_PERMISSION_DENIED"]
        assert codes(gql(query)) == ["RAIL_GQL_UNAUTHENTICATED"]
    assert not Role.objects.exists()


def test_a_security_admin_defines_assigns_and_revokes_roles():
    make_projects()
    officer = person("olga", "security_admin")  # built-in role: rail_django_security.*
    role = data(gql(DEFINE, officer))["defineRole"]
    assert role["source"] == "database" and role["maxUsers"] == 1
    assert "security_testapp.view_project_own" in role["inheritedPermissions"]
    names = [
        r["name"] for r in data(gql("{ roleDefinitions { name } }", officer))["roleDefinitions"]
    ]
    assert {"night_shift", "project_member", "superadmin"} <= set(names)

    nina = person("nina")
    assign = 'mutation($u: ID) { assignRole(roleName: "night_shift", userId: $u) }'
    assert data(gql(assign, officer, {"u": str(nina.pk)})) == {"assignRole": True}
    assert data(gql("{ myRoles }", nina)) == {"myRoles": ["night_shift", "project_member"]}
    over = gql(assign, officer, {"u": str(person("ned").pk)})  # max_users: 1
    assert codes(over) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "limited to 1 users" in over["errors"][0]["message"]
    revoke = 'mutation($u: ID) { revokeRole(roleName: "night_shift", userId: $u) }'
    assert data(gql(revoke, officer, {"u": str(nina.pk)})) == {"revokeRole": True}
    assert data(gql("{ myRoles }", nina)) == {"myRoles": []}


def test_group_assignment_and_refusals():
    officer = person("root", superuser=True)
    group = Group.objects.create(name="night")
    query = 'mutation($g: ID) { assignRole(roleName: "support", groupId: $g) }'
    assert data(gql(query, officer, {"g": str(group.pk)})) == {"assignRole": True}
    assert RoleAssignment.objects.get().group == group
    both = gql('mutation { assignRole(roleName: "support", userId: "1", groupId: "1") }', officer)
    assert codes(both) == ["RAIL_GQL_INVALID_ARGUMENT"]
    ghost_query = 'mutation($g: ID) { assignRole(roleName: "ghost", groupId: $g) }'
    ghost = gql(ghost_query, officer, {"g": str(group.pk)})
    assert codes(ghost) == ["RAIL_GQL_INVALID_ARGUMENT"]
    declared = gql('mutation { removeRole(name: "support") }', officer)
    assert codes(declared) == ["RAIL_GQL_CONFLICT"]
    shadow = gql('mutation { defineRole(name: "superadmin", permissions: []) { name } }', officer)
    assert codes(shadow) == ["RAIL_GQL_INVALID_ARGUMENT"]


def test_removing_a_database_role_removes_its_assignments():
    officer = person("root", superuser=True)
    data(gql(DEFINE, officer))
    role_manager.assign_role(person("nina"), "night_shift")
    assert data(gql('mutation { removeRole(name: "night_shift") }', officer)) == {
        "removeRole": True
    }
    assert not RoleAssignment.objects.exists()


def test_the_django_admin_classes_pass_the_admin_checks():
    # The test run does not install django.contrib.admin; check the classes on a private site.
    from rail_django.security.rbac.admin import register_rbac_admin

    site = admin.AdminSite(name="authz-tests")
    register_rbac_admin(site)
    for model in (Role, RoleAssignment):
        assert site._registry[model].check() == []


class _Recorder:
    def __init__(self):
        self.events = []

    def record(self, event):
        self.events.append(event)


@pytest.fixture
def recorded():
    with audit_sink.swapped(_Recorder()) as recorder:
        yield recorder.events


def test_permission_audit_records_denials_and_optionally_everything(settings, recorded):
    make_projects()
    nobody = person("nobody")
    gql("{ projects { name } }", nobody)
    assert recorded == []  # enable_permission_audit is off by default
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_permission_audit": True}}
    gql("{ projects { name } }", nobody)
    assert [(e.action, e.outcome, e.target) for e in recorded] == [
        ("permission.denied", AuditOutcome.DENIED, "security_testapp.Project")
    ]
    assert recorded[0].actor_id == nobody.pk
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {"enable_permission_audit": True, "permission_audit_log_all": True}
    }
    gql("{ projects { name } }", person("meg", "project_manager"))
    assert recorded[-1].outcome == AuditOutcome.SUCCESS


def test_malformed_access_declarations_are_check_errors_and_fail_closed():
    from security_testapp.models import Project

    from rail_django.security.access_rules import parse_access_rules

    assert check_authorization() == []
    original = Project.GraphQLMeta.access
    Project.GraphQLMeta.access = {"owner_feild": "owner"}
    from rail_django.core.meta import clear_meta_cache

    clear_meta_cache()
    try:
        messages = check_authorization()
        assert [m.id for m in messages] == ["rail_django_security.E202"]
        assert "unknown key(s) ['owner_feild']" in messages[0].msg
        rules = parse_access_rules(Project)
        assert rules.scopes_rows  # denies every row until fixed
    finally:
        Project.GraphQLMeta.access = original
        clear_meta_cache()

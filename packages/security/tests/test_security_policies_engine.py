"""The policy engine: priorities, deny wins ties, matching on roles, models, fields (globs),
operations, classifications and conditions; and the explainPermission query."""

from __future__ import annotations

import pytest
from security_authz_client import codes, data, gql, make_projects, person

from rail_django.security import AccessPolicy, PolicyEffect, policy_manager

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_policies():
    policy_manager.clear()
    yield
    policy_manager.clear()


PROJECTS = '{ projects(orderBy: ["name"]) { name apiToken budget clientEmail } }'


def test_a_deny_policy_beats_an_allow_of_the_same_priority():
    make_projects()
    carl = person("carl", "contractor")
    for effect in (PolicyEffect.ALLOW, PolicyEffect.DENY):
        policy_manager.register_policy(
            AccessPolicy(
                name=f"{effect}_projects",
                effect=effect,
                priority=10,
                roles=["contractor"],
                models=["security_testapp.Project"],
                operations=["read"],
            )
        )
    answer = gql("{ projects { name } }", carl)
    assert codes(answer) == ["RAIL_GQL_PERMISSION_DENIED"]
    # A higher-priority allow wins over the deny.
    policy_manager.register_policy(
        AccessPolicy(name="vip", effect=PolicyEffect.ALLOW, priority=20, roles=["contractor"])
    )
    assert len(data(gql("{ projects { name } }", carl))["projects"]) == 2


def test_an_allow_policy_grants_what_no_role_does():
    make_projects()
    nobody = person("nobody")
    assert codes(gql("{ projects { name } }", nobody)) == ["RAIL_GQL_PERMISSION_DENIED"]
    policy_manager.register_policy(
        AccessPolicy(
            name="everyone_reads_projects",
            effect=PolicyEffect.ALLOW,
            models=["security_testapp.*"],
            operations=["view"],
            condition=lambda request: request.user.username == "nobody",
        )
    )
    assert len(data(gql("{ projects { name } }", nobody))["projects"]) == 2
    other = person("other")
    assert codes(gql("{ projects { name } }", other)) == ["RAIL_GQL_PERMISSION_DENIED"]


def test_field_globs_and_classifications_hide_fields_per_role():
    make_projects()
    policy_manager.register_policy(
        AccessPolicy(
            name="deny_tokens_for_contractors",
            effect=PolicyEffect.DENY,
            priority=50,
            roles=["contractor"],
            fields=["*token*"],
            operations=["read"],
        )
    )
    policy_manager.register_policy(
        AccessPolicy(
            name="no_money_for_contractors",
            effect=PolicyEffect.DENY,
            roles=["contractor"],
            classifications=["financial"],
            operations=["read"],
        )
    )
    carl = person("carl", "contractor")
    rows = data(gql(PROJECTS, carl))["projects"]
    assert rows[0] == {
        "name": "Apollo",
        "apiToken": None,
        "budget": None,
        "clientEmail": None,  # field rule: contractors are not named on client_email
    }
    meg = person("meg", "project_manager")
    rows = data(gql(PROJECTS, meg))["projects"]
    assert rows[0]["apiToken"] == "tok-secret" and rows[0]["budget"] == "100.00"


def test_explain_permission_names_the_deciding_policy():
    world = make_projects()
    carl = person("carl", "contractor")
    policy_manager.register_policy(
        AccessPolicy(
            name="contractors_never_update",
            effect=PolicyEffect.DENY,
            priority=50,
            roles=["contractor"],
            operations=["update"],
            reason="Contractors work read-only.",
        )
    )
    query = """query($id: ID) {
      explainPermission(permission: "security_testapp.change_project",
                        modelName: "security_testapp.Project", objectId: $id) {
        allowed reason operation roles
        policyDecision { name effect priority reason }
      }
    }"""
    answer = data(gql(query, carl, {"id": str(world.apollo.pk)}))["explainPermission"]
    assert answer == {
        "allowed": False,
        "reason": "Contractors work read-only.",
        "operation": "update",
        "roles": ["contractor"],
        "policyDecision": {
            "name": "contractors_never_update",
            "effect": "deny",
            "priority": 50,
            "reason": "Contractors work read-only.",
        },
    }


def test_explain_permission_without_a_policy_explains_the_roles():
    world = make_projects()
    query = """query($id: ID) {
      explainPermission(permission: "security_testapp.change_project_own",
                        modelName: "security_testapp.Project", objectId: $id) {
        allowed reason policyDecision { name }
      }
    }"""
    mine = data(gql(query, world.ann, {"id": str(world.apollo.pk)}))["explainPermission"]
    assert mine["allowed"] is True and mine["policyDecision"] is None
    assert "role 'project_member'" in mine["reason"] and "owned by the user" in mine["reason"]
    meg = person("meg", "project_manager")
    theirs = data(gql(query, meg, {"id": str(world.apollo.pk)}))["explainPermission"]
    assert theirs["allowed"] is True  # change_project held outright
    none = data(gql(query, person("nobody", "support"), {"id": None}))
    assert none["explainPermission"]["allowed"] is False
    assert none["explainPermission"]["reason"].startswith("No role or permission grants")


def test_explain_permission_refusals():
    world = make_projects()
    query = """query($id: ID, $model: String) {
      explainPermission(permission: "x.y", modelName: $model, objectId: $id) { allowed }
    }"""
    assert codes(gql(query)) == ["RAIL_GQL_UNAUTHENTICATED"]
    # Borealis is outside Ann's scope: the same answer as an id that does not exist.
    variables = {"id": str(world.borealis.pk), "model": "security_testapp.Project"}
    forbidden = gql(query, world.ann, variables)
    missing = gql(query, world.ann, {**variables, "id": "424242"})
    assert codes(forbidden) == codes(missing) == ["RAIL_GQL_NOT_FOUND"]
    assert forbidden["errors"][0]["message"].replace(str(world.borealis.pk), "N") == missing[
        "errors"
    ][0]["message"].replace("424242", "N")
    unknown = gql(query, world.ann, {"model": "nope.Nothing"})
    assert codes(unknown) == ["RAIL_GQL_INVALID_ARGUMENT"]
    other_user = gql('{ explainPermission(permission: "x.y", userId: "1") { allowed } }', world.ann)
    assert codes(other_user) == ["RAIL_GQL_PERMISSION_DENIED"]


def test_policies_can_be_switched_off(settings):
    make_projects()
    carl = person("carl", "contractor")
    policy_manager.register_policy(
        AccessPolicy(name="deny_all", effect=PolicyEffect.DENY, roles=["contractor"])
    )
    assert codes(gql("{ projects { name } }", carl)) == ["RAIL_GQL_PERMISSION_DENIED"]
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_policy_engine": False}}
    assert len(data(gql("{ projects { name } }", carl))["projects"]) == 2


def test_policies_validate_their_declaration():
    with pytest.raises(ValueError, match="unknown operation"):
        AccessPolicy(name="bad", effect=PolicyEffect.DENY, operations=["destroy"])
    with pytest.raises(TypeError, match="must be a list"):
        AccessPolicy(name="bad", effect=PolicyEffect.DENY, roles="contractor")

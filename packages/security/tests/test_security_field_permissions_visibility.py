"""Field-level permissions: visible, masked and hidden per role, from GraphQLMeta
``field_permissions`` and meta.yaml ``access.fields``; unreachable through ordering and filters;
writes refused; no per-row cost."""

from __future__ import annotations

import importlib.util

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from security_authz_client import codes, data, gql, logged_in, make_projects, person, post
from security_testapp.models import Document, Project

from rail_django.contracts.permissions import FieldVisibility, get_permission_backend
from rail_django.core.schema_builder import build_schema

pytestmark = pytest.mark.django_db

EMAILS = '{ projects(orderBy: ["name"]) { name clientEmail } }'


def emails(user):
    return [row["clientEmail"] for row in data(gql(EMAILS, user))["projects"]]


def test_three_users_see_the_same_field_three_ways():
    make_projects()
    support = person("sue", "support")  # rule: masked
    manager = person("meg", "project_manager")  # rule: visible
    member = person("mo", "project_member")  # named by no rule: hidden
    member_project = Project.objects.create(name="Mo's", owner=member)
    assert emails(support) == ["user@***.com", "user@***.com", "user@***.com"]
    assert emails(manager) == ["client@example.com"] * 3
    assert data(gql(EMAILS, member))["projects"] == [{"name": "Mo's", "clientEmail": None}]
    assert emails(person("root", superuser=True)) == ["client@example.com"] * 3
    assert member_project.client_email == "client@example.com"


def test_a_user_holding_two_rules_gets_the_most_open_one():
    make_projects()
    both = person("bo", "support", "project_manager")
    assert emails(both) == ["client@example.com"] * 2


def test_meta_yaml_access_fields_rules():
    world = make_projects()
    Document.objects.create(title="d", published=True, owner=world.ann, cost_price="9.50")
    query = "{ documents { title costPrice } }"
    assert data(gql(query, world.ann))["documents"] == [{"title": "d", "costPrice": None}]
    admin = person("cat", "catalog_admin")
    assert data(gql(query, admin))["documents"] == [{"title": "d", "costPrice": "9.50"}]


def test_guarded_fields_are_nullable_and_others_keep_their_type():
    sdl = str(build_schema("gql"))
    project = sdl.split("type Project {")[1].split("\n}\n")[0]
    assert "clientEmail: Email\n" in project
    assert "name: String!" in project


def test_ordering_by_a_hidden_or_masked_field_is_refused():
    make_projects()
    query = '{ projects(orderBy: ["-clientEmail"]) { name } }'
    for user in (person("mo", "project_member"), person("sue", "support")):
        answer = gql(query, user)
        assert codes(answer) == ["RAIL_GQL_PERMISSION_DENIED"]
        assert answer["errors"][0]["message"] == "You may not order by -clientEmail."
    assert len(data(gql(query, person("meg", "project_manager")))["projects"]) == 2
    # Through a relation too.
    tasks = '{ tasks(orderBy: ["project__client_email"]) { title } }'
    assert codes(gql(tasks, person("sam", "support", "project_member"))) == [
        "RAIL_GQL_PERMISSION_DENIED"
    ]


@pytest.mark.skipif(
    importlib.util.find_spec("rail_django.filtering") is None, reason="needs rail-django-filtering"
)
def test_filtering_on_a_hidden_field_is_refused():
    make_projects()
    query = '{ projects(where: {clientEmail: {icontains: "client"}}) { name } }'
    assert codes(gql(query, person("sue", "support"))) == ["RAIL_GQL_PERMISSION_DENIED"]
    assert len(data(gql(query, person("meg", "project_manager")))["projects"]) == 2


def test_writes_to_fields_the_user_may_not_write_are_refused():
    world = make_projects()
    mutation = """mutation($id: ID!, $email: Email!) {
      updateProject(id: $id, input: {clientEmail: $email}) { ok errors }
    }"""
    refused = gql(mutation, world.ann, {"id": str(world.apollo.pk), "email": "new@client.test"})
    payload = refused["data"]["updateProject"]
    assert payload["ok"] is False
    assert payload["errors"][0]["code"] == "RAIL_GQL_PERMISSION_DENIED"
    assert Project.objects.get(pk=world.apollo.pk).client_email == "client@example.com"
    manager = person("meg", "project_manager")
    allowed = gql(mutation, manager, {"id": str(world.apollo.pk), "email": "new@client.test"})
    assert allowed["data"]["updateProject"] == {"ok": True, "errors": []}
    backend = get_permission_backend()
    assert not backend.field_write(person("sue", "support"), Project, "client_email")
    assert backend.field_write(world.ann, Project, "name")  # no rule on name


def test_field_read_answers_other_consumers():
    make_projects()
    backend = get_permission_backend()
    decision = backend.field_read(person("sue", "support"), Project, "client_email")
    assert decision.visibility is FieldVisibility.MASKED and decision.mask_value == "user@***.com"
    assert backend.field_read(person("mo"), Project, "client_email").visibility is (
        FieldVisibility.HIDDEN
    )


def test_field_permissions_can_be_switched_off(settings):
    make_projects()
    sue = person("sue", "support")
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_field_permissions": False}}
    assert emails(sue) == ["client@example.com"] * 2
    # The guide's middleware switch: the guards replace the middleware and obey its setting.
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {"enable_field_permission_middleware": False}
    }
    assert emails(sue) == ["client@example.com"] * 2
    settings.RAIL_DJANGO_GRAPHQL = {}
    assert emails(sue) == ["user@***.com"] * 2


def test_masking_costs_no_query_per_row():
    world = make_projects()
    support = person("sue", "support")
    client = logged_in(support)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            answer = post(client, "{ projects { name clientEmail } }")
        assert "errors" not in answer
        return len(queries)

    count()
    few = count()
    for index in range(30):
        Project.objects.create(name=f"p{index}", owner=world.bob)
    assert count() == few


def test_field_guards_ask_the_installed_backend():
    """The guards go through the permission slot (one decision, one place), never a private
    RBAC backend of their own: a backend installed over security's is what they serve."""
    from rail_django.contracts.permissions import VISIBLE, permission_backend
    from rail_django.security.permission_backend import RbacPermissionBackend

    class EmailsForEveryone(RbacPermissionBackend):
        def field_read(self, user, model, field_name, *, runtime=None):
            if model is Project and field_name == "client_email":
                return VISIBLE
            return super().field_read(user, model, field_name, runtime=runtime)

    make_projects()
    sue = person("sue", "support")
    assert emails(sue) == ["user@***.com"] * 2
    with permission_backend.swapped(EmailsForEveryone()):
        assert emails(sue) == ["client@example.com"] * 2
    assert emails(sue) == ["user@***.com"] * 2

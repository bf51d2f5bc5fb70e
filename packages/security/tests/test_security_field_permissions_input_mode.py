"""``field_permission_input_mode``: a field the user may not write fails the mutation (reject)
or is dropped from the input while the rest is written (strip)."""

from __future__ import annotations

import pytest
from security_authz_client import gql, make_projects
from security_testapp.models import Project

pytestmark = pytest.mark.django_db

UPDATE = """
mutation($id: ID!) {
  updateProject(id: $id, input: {name: "Renamed", clientEmail: "new@client.test"}) {
    ok errors
  }
}
"""


def _security(settings, mode):
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"field_permission_input_mode": mode}}


def test_reject_refuses_the_whole_write_and_names_the_field(settings):
    _security(settings, "reject")
    world = make_projects()  # Ann owns Apollo; no client_email rule names her role
    answer = gql(UPDATE, world.ann, {"id": str(world.apollo.pk)})["data"]["updateProject"]
    assert answer["ok"] is False
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [
        ("clientEmail", "RAIL_GQL_PERMISSION_DENIED")
    ]
    apollo = Project.objects.get(pk=world.apollo.pk)
    assert (apollo.name, apollo.client_email) == ("Apollo", "client@example.com")


def test_strip_drops_the_field_and_writes_the_rest(settings):
    _security(settings, "strip")
    world = make_projects()
    answer = gql(UPDATE, world.ann, {"id": str(world.apollo.pk)})["data"]["updateProject"]
    assert answer == {"ok": True, "errors": []}
    apollo = Project.objects.get(pk=world.apollo.pk)
    assert (apollo.name, apollo.client_email) == ("Renamed", "client@example.com")


def test_strip_never_loosens_what_the_user_may_write(settings):
    _security(settings, "strip")
    world = make_projects()
    boss_update = UPDATE.replace("Renamed", "By the boss")
    from security_authz_client import person

    boss = person("root", superuser=True)
    answer = gql(boss_update, boss, {"id": str(world.apollo.pk)})["data"]["updateProject"]
    assert answer["ok"] is True
    apollo = Project.objects.get(pk=world.apollo.pk)
    assert (apollo.name, apollo.client_email) == ("By the boss", "new@client.test")

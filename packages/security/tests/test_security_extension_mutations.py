"""``schema_settings.enable_extension_mutations`` decides the mutations the extensions add (MFA,
tasks), per schema; sign-in and role mutations are security's, not an extension's, and stay."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

MUTATIONS = "{ __schema { mutationType { fields { name } } } }"


def mutation_names(schema: str, user) -> set[str]:
    # Signed in: with DEBUG off, anonymous clients get no introspection (production posture).
    client = Client()
    client.force_login(user)
    path = "/graphql/" if schema == "gql" else f"/graphql/{schema}/"
    response = client.post(path, {"query": MUTATIONS}, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    fields = response.json()["data"]["__schema"]["mutationType"]["fields"]
    return {field["name"] for field in fields}


def test_extension_mutations_are_left_out_only_where_turned_off(settings, django_user_model):
    user = django_user_model.objects.create_user("reader")
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"authentication_required": False}}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {"schema_settings": {"enable_extension_mutations": False}},
        "admin": {},
    }
    kept = mutation_names("admin", user)
    assert {"setupTotp", "verifyTotp", "login", "cancelTask"} <= kept
    without = mutation_names("gql", user)
    assert not without & {"setupTotp", "verifyTotp", "redeemBackupCode", "cancelTask"}
    assert "login" in without and "refreshToken" in without
    assert {name for name in kept - without} >= {"setupTotp", "cancelTask"}

"""Credentials holding an unpaired surrogate (``"\\ud800"`` in the JSON body) are refused like
any wrong credentials, not answered with ``RAIL_GQL_INTERNAL_ERROR`` (issue 11)."""

from __future__ import annotations

import pytest
from security_auth_client import (
    LOGIN,
    PASSWORD,
    answer,
    auth_wiring,  # noqa: F401 - fixture
    codes,
    post,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring")]


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


def test_a_lone_surrogate_in_credentials_is_a_clean_refusal(client, alice):
    for variables in (
        {"username": "ali\ud800ce", "password": PASSWORD},
        {"username": "alice", "password": "pw\udfff"},
    ):
        data = answer(post(client, LOGIN, variables))
        assert data["data"] == {"login": None}
        assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"], data

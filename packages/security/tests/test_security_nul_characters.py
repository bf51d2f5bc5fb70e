"""A NUL character in a role name or a user name is a client error, not a server error.

Found by the fuzzed-schema tests (packages/filtering/tests/test_filtering_fuzzed_schema.py): on
PostgreSQL, which refuses NUL in text, each was a ``RAIL_GQL_INTERNAL_ERROR``.
"""

from __future__ import annotations

import pytest
from security_authz_client import codes, gql, person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "mutation",
    [
        'defineRole(name: "a\\u0000") { name }',
        'removeRole(name: "\\u0000")',
        'assignRole(roleName: "\\u0000", userId: "{user}")',
        'revokeRole(roleName: "\\u0000", userId: "{user}")',
    ],
)
def test_a_role_name_with_nul_is_an_invalid_argument(mutation):
    officer = person("olga", "security_admin")
    mutation = mutation.replace("{user}", str(officer.pk))
    assert codes(gql(f"mutation {{ {mutation} }}", officer)) == ["RAIL_GQL_INVALID_ARGUMENT"]


def test_a_user_name_with_nul_is_invalid_credentials():
    answer = gql('mutation { login(username: "a\\u0000", password: "pw") { token } }')
    assert codes(answer) == ["RAIL_GQL_UNAUTHENTICATED"]

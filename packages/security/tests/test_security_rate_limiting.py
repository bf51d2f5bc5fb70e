"""Rate limiting over HTTP: budgets per operation, per user or address, headers, refusals."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from security_rate_client import code, limits, logins, send

pytestmark = pytest.mark.django_db

QUERY = "{ __typename }"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_response_carries_the_budget_and_the_one_over_it_is_429(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_requests_per_minute=3)}
    answers = [send(QUERY) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a["X-RateLimit-Limit"] for a in answers} == {"3"}
    reset = int(answers[0]["X-RateLimit-Reset"])
    assert reset % 60 == 0  # windows aligned on the minute (GitHub's convention)
    refused = answers[-1]
    assert code(refused) == "RAIL_GQL_RATE_LIMITED"
    assert "data" not in refused.json()
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Retry-After" not in answers[0]


def test_the_hourly_budget_refuses_too(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": limits(rate_limit_requests_per_minute=50, rate_limit_requests_per_hour=2)
    }
    answers = [send(QUERY) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1]["X-RateLimit-Limit"] == "2"


def test_aliased_sign_ins_count_one_attempt_each(settings):
    # 20 aliased sign-ins: more root mutation fields than mutation_settings.max_mutation_fields
    # (10) allows, so that limit is raised here to show each alias is counted.
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {
            **limits(rate_limit_login_requests_per_minute=5),
            "mutation_settings": {"max_mutation_fields": 50},
        }
    }
    refused = send(logins(20))
    assert refused.status_code == 429
    assert code(refused) == "RAIL_GQL_RATE_LIMITED"
    assert refused["X-RateLimit-Limit"] == "5"
    # The 20 were counted: even one more attempt waits for the next window.
    assert send(logins(1)).status_code == 429


def test_more_aliased_sign_ins_than_mutation_fields_allowed_are_refused_before_counting(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_login_requests_per_minute=5)}
    refused = send(logins(20))
    assert refused.status_code == 400
    assert code(refused) == "RAIL_GQL_TOO_MANY_MUTATIONS"
    assert send(logins(1)).status_code == 200  # nothing of the refused document was counted


def test_sign_ins_within_the_budget_run_and_the_next_is_refused(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_login_requests_per_minute=3)}
    first = send(logins(3))
    assert first.status_code == 200
    assert first["X-RateLimit-Remaining"] == "0"
    assert first["X-RateLimit-Limit"] == "3"
    assert send(logins(1)).status_code == 429
    assert send(QUERY).status_code == 200  # ordinary operations keep their own budget


def test_sign_ins_through_a_root_fragment_are_counted(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_login_requests_per_minute=2)}
    document = (
        'mutation { ...Attempts ... on Mutation { c: login(username: "x", password: "y") '
        '{ token } } } fragment Attempts on Mutation { a: login(username: "x", password: '
        '"y") { token } b: login(username: "x", password: "y") { token } }'
    )
    assert send(document).status_code == 429


def test_a_mutation_costs_one_unit_per_root_field(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_requests_per_minute=4)}
    answer = send("mutation { a: logout { success } b: logout { success } c: logout { success } }")
    assert answer["X-RateLimit-Remaining"] == "1"
    assert send(QUERY)["X-RateLimit-Remaining"] == "0"  # a query costs one, whatever it selects


def test_users_have_their_own_budget_whatever_their_address(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_requests_per_minute=2)}
    users = get_user_model().objects
    ann, bob = Client(), Client()
    ann.force_login(users.create_user("ann", password="pw"))
    bob.force_login(users.create_user("bob", password="pw"))
    assert send(QUERY, client=ann, address="10.0.0.1").status_code == 200
    assert send(QUERY, client=ann, address="10.0.0.2").status_code == 200
    assert send(QUERY, client=ann, address="10.0.0.3").status_code == 429
    assert send(QUERY, client=bob, address="10.0.0.1").status_code == 200
    assert send(QUERY, address="10.0.0.1").status_code == 200  # anonymous: that address's budget


def test_forwarded_for_is_not_trusted_by_default(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_requests_per_minute=1)}
    assert send(QUERY, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    # A client rotating the header it writes itself does not get a fresh budget.
    assert send(QUERY, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 429


def test_a_trusted_proxy_header_names_the_client(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": limits(
            rate_limit_requests_per_minute=1,
            rate_limit_trusted_proxy_header="X-Forwarded-For",
            rate_limit_trusted_proxy_count=1,
        )
    }
    # The proxy appends the address it saw; what the client wrote before it is ignored.
    assert send(QUERY, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.1").status_code == 200
    assert send(QUERY, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.1").status_code == 429
    assert send(QUERY, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.2").status_code == 200
    # Garbage in the header falls back to the proxy's own address (REMOTE_ADDR).
    assert send(QUERY, HTTP_X_FORWARDED_FOR="not-an-ip").status_code == 200
    assert send(QUERY, HTTP_X_FORWARDED_FOR="").status_code == 429


def test_refused_operations_run_nothing(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_requests_per_minute=1)}
    users = get_user_model().objects
    client = Client()
    client.force_login(users.create_user("ann", password="pw"))
    mutation = (
        'mutation { changePassword(oldPassword: "pw", newPassword: "n3w-Passw0rd!x") { success } }'
    )
    assert send(QUERY, client=client).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        refused = send(mutation, client=client)
    assert refused.status_code == 429
    assert users.get(username="ann").check_password("pw")
    # The session and the user are read to know who is counted; nothing else runs.
    assert len(queries) <= 2, [q["sql"] for q in queries]


def test_the_limiter_is_off_by_default(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {}
    answers = [send(QUERY) for _ in range(3)]
    assert all(a.status_code == 200 for a in answers)
    assert "X-RateLimit-Limit" not in answers[0]


def test_the_middleware_switch_turns_it_off(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {
            **limits(rate_limit_requests_per_minute=1),
            "middleware_settings": {"enable_rate_limiting_middleware": False},
        }
    }
    assert [send(QUERY).status_code for _ in range(3)] == [200, 200, 200]

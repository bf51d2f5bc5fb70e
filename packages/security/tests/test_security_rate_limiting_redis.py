"""Rate limits counted in a real Redis (Django's RedisCache), across two processes, and what
happens when the cache is down."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import caches
from security_rate_client import DOWN, code, limits, logins, send

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("RAIL_TEST_REDIS_URL", "")
needs_redis = pytest.mark.skipif(
    not REDIS_URL and not os.environ.get("CI"), reason="RAIL_TEST_REDIS_URL is not set"
)


def _caches(**extra):
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, **extra}


@pytest.fixture
def redis_cache(settings):
    assert REDIS_URL, "CI runs these tests against the real Redis (RAIL_TEST_REDIS_URL)"
    settings.CACHES = _caches(
        limits={"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    )
    caches["limits"].clear()
    yield caches["limits"]
    caches["limits"].clear()


@needs_redis
def test_counted_in_redis(settings, redis_cache):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": limits(rate_limit_requests_per_minute=2, rate_limit_cache_alias="limits")
    }
    assert [send("{ __typename }").status_code for _ in range(3)] == [200, 200, 429]
    import redis

    # The counters live in Redis, where every process sees them.
    assert redis.Redis.from_url(REDIS_URL).keys("*rail:rl:graphql:gql:ip:127.0.0.1:60:*")


SUBPROCESS = textwrap.dedent(
    """
    import json, os, sys
    sys.path.insert(0, os.getcwd())
    import conftest
    conftest.pytest_configure()
    from django.conf import settings
    settings.CACHES = json.loads(os.environ["RATE_TEST_CACHES"])
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = json.loads(os.environ["RATE_TEST_SCHEMAS"])
    import django
    django.setup()
    from django.test import Client
    client = Client()
    statuses = [
        client.post("/graphql/gql/", data=json.dumps({"query": "{ __typename }"}),
                    content_type="application/json", REMOTE_ADDR="127.0.0.1").status_code
        for _ in range(int(os.environ["RATE_TEST_COUNT"]))
    ]
    print(json.dumps(statuses))
    """
)


@needs_redis
def test_two_processes_share_one_budget(settings, redis_cache, live_server):
    """This process serves over real HTTP (live server) while a second process serves the same
    client through its own Django: together they get the budget once, not twice."""
    # The hourly budget: a minute boundary between the two processes cannot reset it mid-test.
    schemas = {
        "gql": limits(
            rate_limit_requests_per_minute=1000,
            rate_limit_requests_per_hour=10,
            rate_limit_cache_alias="limits",
        )
    }
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = schemas
    env = {
        **os.environ,
        "RATE_TEST_CACHES": json.dumps(settings.CACHES),
        "RATE_TEST_SCHEMAS": json.dumps(schemas),
        "RATE_TEST_COUNT": "6",
    }
    other = subprocess.run(
        [sys.executable, "-c", SUBPROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert other.returncode == 0, other.stderr[-2000:]
    theirs = json.loads(other.stdout.strip().splitlines()[-1])
    assert theirs == [200] * 6
    ours = []
    for _ in range(6):
        request = urllib.request.Request(
            f"{live_server.url}/graphql/gql/",
            data=json.dumps({"query": "{ __typename }"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 (loopback)
                ours.append((answer.status, answer.headers["X-RateLimit-Remaining"]))
        except urllib.error.HTTPError as refused:
            ours.append((refused.code, refused.headers["X-RateLimit-Remaining"]))
    assert ours == [(200, "3"), (200, "2"), (200, "1"), (200, "0"), (429, "0"), (429, "0")]


def test_an_outage_refuses_sign_in_and_lets_other_operations_through(settings, caplog):
    settings.CACHES = _caches(down=DOWN)
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": limits(rate_limit_cache_alias="down")}
    with caplog.at_level(logging.WARNING, logger="rail_django.security.rate_limiting"):
        sign_in = send(logins(1))
        query = send("{ __typename }")
    assert sign_in.status_code == 503
    assert code(sign_in) == "RAIL_GQL_RATE_LIMITED"
    assert sign_in["Retry-After"] == "30"
    assert query.status_code == 200
    assert query.json()["data"] == {"__typename": "Query"}
    assert "X-RateLimit-Limit" not in query
    assert [r.getMessage() for r in caplog.records if "cannot be counted" in r.getMessage()]


def test_an_outage_can_refuse_everything(settings):
    settings.CACHES = _caches(down=DOWN)
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": limits(rate_limit_cache_alias="down", rate_limit_on_cache_outage="refuse")
    }
    answer = send("{ __typename }")
    assert answer.status_code == 503
    assert code(answer) == "RAIL_GQL_RATE_LIMITED"

"""The shared request budget: fixed windows counted atomically in Django's cache."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from django.test import override_settings

from rail_django.core.http import RateLimitUnavailable, hit, rate_limit_headers

REDIS_URL = os.environ.get("RAIL_TEST_REDIS_URL")
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@override_settings(CACHES=LOCMEM)
def test_a_budget_refuses_past_its_limit_and_says_when_it_resets():
    decisions = [hit("t:user:1", limit=3, window_seconds=60, now=120.5) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert {d.reset_at for d in decisions} == {180}
    assert decisions[-1].retry_after == 60  # ceil(180 - 120.5)
    # The next window starts afresh; another subject has its own budget.
    assert hit("t:user:1", limit=3, window_seconds=60, now=180.0).remaining == 2
    assert hit("t:user:2", limit=3, window_seconds=60, now=120.5).remaining == 2


@override_settings(CACHES=LOCMEM)
def test_cost_counts_several_units_at_once():
    assert hit("t:cost", limit=20, window_seconds=60, cost=20, now=1.0).allowed
    assert not hit("t:cost", limit=20, window_seconds=60, cost=1, now=2.0).allowed


def test_headers_follow_the_tightest_budget_and_add_retry_after_on_refusal():
    with override_settings(CACHES=LOCMEM):
        minute = hit("t:h:m", limit=2, window_seconds=60, now=10.0)
        hour = hit("t:h:h", limit=100, window_seconds=3600, now=10.0)
        assert rate_limit_headers([minute, hour]) == {
            "X-RateLimit-Limit": "2",
            "X-RateLimit-Remaining": "1",
            "X-RateLimit-Reset": "60",
        }
        hit("t:h:m", limit=2, window_seconds=60, now=11.0)
        refused = hit("t:h:m", limit=2, window_seconds=60, now=12.0)
        headers = rate_limit_headers([refused, hour])
        assert headers["Retry-After"] == "48" and headers["X-RateLimit-Remaining"] == "0"
    assert rate_limit_headers([]) == {}


def test_impossible_budgets_are_refused():
    with pytest.raises(ValueError):
        hit("t:bad", limit=0, window_seconds=60)


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
)
def test_an_unreachable_cache_is_reported_not_raised_as_its_own_error():
    with pytest.raises(RateLimitUnavailable):
        hit("t:down", limit=5, window_seconds=60)


@pytest.mark.skipif(
    not REDIS_URL and not os.environ.get("CI"), reason="RAIL_TEST_REDIS_URL is not set"
)
def test_two_processes_share_one_budget_on_redis():
    """Two worker processes count into the same Redis: together they get the limit, not twice it."""
    assert REDIS_URL, "CI runs this test against the real Redis (RAIL_TEST_REDIS_URL)"
    script = textwrap.dedent(
        f"""
        import django, json
        from django.conf import settings
        settings.configure(CACHES={{"default": {{
            "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": {REDIS_URL!r}}}}})
        django.setup()
        from rail_django.core.http import hit
        print(json.dumps([hit("t:shared", limit=30, window_seconds=3600, now=7200.0).allowed
                          for _ in range(20)]))
        """
    )
    import json

    from django.core.cache.backends.redis import RedisCache

    RedisCache(REDIS_URL, {}).delete("rail:rl:t:shared:3600:2")  # a rerun starts afresh
    runs = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    allowed = [json.loads(run.communicate(timeout=60)[0]) for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert sum(sum(flags) for flags in allowed) == 30  # 40 requests, one budget of 30

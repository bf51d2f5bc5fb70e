"""Request budgets counted in Django's cache: the one rate limiter every endpoint uses.

A budget is ``limit`` units per ``window_seconds``, counted in fixed windows aligned on the epoch
(GitHub's convention: the ``X-RateLimit-Reset`` of every caller in a window is the same instant).
Counting is an atomic ``cache.add`` + ``cache.incr``, so a shared cache (Redis, memcached) keeps
one count across processes and servers; the local-memory cache counts per process.

A cache that cannot be reached raises :class:`RateLimitUnavailable`: whether to refuse or to let
the request through is the caller's documented choice (sign-in refuses; others may not).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

#: Prefix of every counter key, so an operator can find (and flush) them.
KEY_PREFIX = "rail:rl"


class RateLimitUnavailable(RuntimeError):
    """The cache that holds the counters could not be reached."""


@dataclass(frozen=True)
class RateDecision:
    """The state of one budget after a request was counted against it.

    ``reset_at`` is the epoch second at which the window ends; ``retry_after`` the whole seconds
    until then (at least 1), what a refused client should wait.
    """

    allowed: bool
    limit: int
    remaining: int
    reset_at: int
    retry_after: int


@dataclass(frozen=True)
class Budget:
    """One budget to count a request against: ``limit`` units per ``window_seconds`` under
    ``key``, ``cost`` units this time (see :func:`hit`)."""

    key: str
    limit: int
    window_seconds: int
    cost: int = 1


def hit(
    key: str,
    *,
    limit: int,
    window_seconds: int,
    cost: int = 1,
    cache_alias: str = "default",
    now: float | None = None,
) -> RateDecision:
    """Count ``cost`` units against the budget ``key`` and say whether it is still within it.

    ``key`` names the budget and its subject (``"graphql:user:42"``); the window's start is added
    here. Units counted past the limit stay counted: a client that keeps hammering does not get
    its refused requests back.
    """
    [decision] = hit_many(
        [Budget(key, limit, window_seconds, cost)], cache_alias=cache_alias, now=now
    )
    return decision


def hit_many(
    budgets: Sequence[Budget], *, cache_alias: str = "default", now: float | None = None
) -> list[RateDecision]:
    """Count a request against every one of ``budgets`` (a minute and an hour window...), in
    one round trip when the cache is Django's ``RedisCache``; one decision per budget, in order.
    """
    for budget in budgets:
        if budget.limit < 1 or budget.window_seconds < 1:
            raise ValueError("a rate limit needs limit >= 1 and window_seconds >= 1")
    moment = time.time() if now is None else now
    windows = [int(moment // budget.window_seconds) for budget in budgets]
    counters = [
        f"{KEY_PREFIX}:{budget.key}:{budget.window_seconds}:{window}"
        for budget, window in zip(budgets, windows, strict=True)
    ]
    cache = caches[cache_alias]
    try:
        client = _redis_client(cache)
        if client is not None:
            used = _count_on_redis(cache, client, budgets, counters)
        else:
            used = [
                _count(cache, counter, budget)
                for counter, budget in zip(counters, budgets, strict=True)
            ]
    except Exception as exc:  # a cache backend's connection errors have no common base class
        raise RateLimitUnavailable(str(exc) or type(exc).__name__) from exc
    decisions = []
    for budget, window, count in zip(budgets, windows, used, strict=True):
        reset_at = (window + 1) * budget.window_seconds
        decisions.append(
            RateDecision(
                allowed=count <= budget.limit,
                limit=budget.limit,
                remaining=max(0, budget.limit - count),
                reset_at=reset_at,
                retry_after=max(1, math.ceil(reset_at - moment)),
            )
        )
    return decisions


def _count(cache: Any, counter: str, budget: Budget) -> int:
    # add() is a no-op when the key exists, so concurrent first requests do not reset it;
    # the timeout outlives the window a little so a slow clock does not recount it.
    cache.add(counter, 0, timeout=budget.window_seconds + 5)
    try:
        return int(cache.incr(counter, budget.cost))
    except ValueError:  # evicted between add() and incr()
        cache.add(counter, 0, timeout=budget.window_seconds + 5)
        return int(cache.incr(counter, budget.cost))


def _redis_client(cache: Any) -> Any:
    """The redis-py client behind Django's own ``RedisCache``, else ``None``.

    Django's ``incr`` on Redis is two round trips (EXISTS, then INCRBY) after ``add``'s one: six
    per request for two windows, most of the limiter's cost. Counting through the client
    Django itself uses, with its key naming and its raw-integer serialisation, needs one.
    """
    if type(cache) is not RedisCache:
        return None
    return cache._cache.get_client(None, write=True)


def _count_on_redis(
    cache: Any, client: Any, budgets: Sequence[Budget], counters: list[str]
) -> list[int]:
    pipeline = client.pipeline(transaction=False)
    for counter, budget in zip(counters, budgets, strict=True):
        key = cache.make_and_validate_key(counter)
        # SET NX starts the window (an integer, as Django's serializer stores ints raw), INCRBY
        # counts: the same atomic add + incr as the generic path.
        pipeline.set(key, 0, ex=budget.window_seconds + 5, nx=True)
        pipeline.incrby(key, budget.cost)
    replies = pipeline.execute()
    return [int(reply) for reply in replies[1::2]]


def rate_limit_headers(decisions: Iterable[RateDecision]) -> dict[str, str]:
    """``X-RateLimit-Limit/-Remaining/-Reset`` for the tightest of ``decisions`` (the one with
    the fewest units left), plus ``Retry-After`` when any of them refused."""
    decisions = list(decisions)
    if not decisions:
        return {}
    tightest = min(decisions, key=lambda d: (d.allowed, d.remaining))
    headers = {
        "X-RateLimit-Limit": str(tightest.limit),
        "X-RateLimit-Remaining": str(tightest.remaining),
        "X-RateLimit-Reset": str(tightest.reset_at),
    }
    refused = [d for d in decisions if not d.allowed]
    if refused:
        headers["Retry-After"] = str(max(d.retry_after for d in refused))
    return headers

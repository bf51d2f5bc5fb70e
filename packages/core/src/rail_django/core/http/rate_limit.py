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
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import caches

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
    if limit < 1 or window_seconds < 1:
        raise ValueError("a rate limit needs limit >= 1 and window_seconds >= 1")
    moment = time.time() if now is None else now
    window = int(moment // window_seconds)
    reset_at = (window + 1) * window_seconds
    counter = f"{KEY_PREFIX}:{key}:{window_seconds}:{window}"
    cache = caches[cache_alias]
    try:
        # add() is a no-op when the key exists, so concurrent first requests do not reset it;
        # the timeout outlives the window a little so a slow clock does not recount it.
        cache.add(counter, 0, timeout=window_seconds + 5)
        try:
            used = cache.incr(counter, cost)
        except ValueError:  # evicted between add() and incr()
            cache.add(counter, 0, timeout=window_seconds + 5)
            used = cache.incr(counter, cost)
    except Exception as exc:  # a cache backend's connection errors have no common base class
        raise RateLimitUnavailable(str(exc) or type(exc).__name__) from exc
    retry_after = max(1, math.ceil(reset_at - moment))
    return RateDecision(
        allowed=used <= limit,
        limit=limit,
        remaining=max(0, limit - used),
        reset_at=reset_at,
        retry_after=retry_after,
    )


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

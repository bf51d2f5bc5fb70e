"""The rate limiter the GraphQL endpoint asks before each operation (the contracts' admission).

Budgets, per schema (``security_settings``), counted in the Django cache named by
``rate_limit_cache_alias`` with core's counter (:func:`rail_django.core.http.hit`):

- every operation of a user (else of a client address) against
  ``rate_limit_requests_per_minute`` and ``_per_hour``: a query costs 1, a mutation 1 per root
  field, so 20 aliased mutations are 20 operations; the budget is the schema's own;
- each root field of a mutation named in ``rate_limit_sensitive_operations`` (sign-in,
  registration, token refresh, second factor) also against the lower
  ``rate_limit_login_requests_per_minute`` and ``_per_hour``. That budget is shared by every
  schema, so an attacker gains nothing by spreading guesses over endpoints.

Every counted operation's response carries ``X-RateLimit-Limit/-Remaining/-Reset`` of its
tightest budget; a refusal is HTTP 429 ``RATE_LIMITED`` with ``Retry-After``. When the cache
cannot be reached the outage is logged and a sensitive operation is refused (503, fail closed);
other operations follow ``rate_limit_on_cache_outage`` (``allow``, the default, or ``refuse``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rail_django.contracts.request_admission import (
    AdmissionDecision,
    AdmissionRefusal,
    AdmittedOperation,
)
from rail_django.contracts.settings_registry import settings_registry
from rail_django.core.http import (
    Budget,
    RateDecision,
    RateLimitUnavailable,
    hit_many,
    rate_limit_headers,
)
from rail_django.security.rate_limiting.client_identity import rate_subject

__all__ = ["OperationRateLimiter", "sensitive_names"]

logger = logging.getLogger("rail_django.security.rate_limiting")

#: Seconds a client is asked to wait when the counters cannot be reached.
OUTAGE_RETRY_SECONDS = 30

_MINUTE = 60
_HOUR = 3600


def _folded(name: str) -> str:
    # ``refreshToken`` and ``refresh_token`` name one field (auto_camelcase on or off).
    return name.replace("_", "").casefold()


def sensitive_names(security: Mapping[str, Any]) -> frozenset[str]:
    """The folded names of the root fields counted against the sign-in budget."""
    return frozenset(
        _folded(name) for name in security.get("rate_limit_sensitive_operations") or ()
    )


class OperationRateLimiter:
    """Counts operations against the schema's budgets (see the module docstring)."""

    def admit(self, request: Any, operation: AdmittedOperation) -> AdmissionDecision | None:
        resolved = settings_registry.resolve(operation.schema_name)
        security = resolved.sections.get("security_settings") or {}
        middleware = resolved.sections.get("middleware_settings") or {}
        if not security.get("enable_rate_limiting"):
            return None
        if not middleware.get("enable_rate_limiting_middleware", True):
            return None
        mutation = operation.operation_type == "mutation"
        sensitive = 0
        if mutation:
            names = sensitive_names(security)
            sensitive = sum(1 for field in operation.root_fields if _folded(field) in names)
        cost = max(1, len(operation.root_fields)) if mutation else 1
        subject = rate_subject(request, security)
        alias = security.get("rate_limit_cache_alias") or "default"
        try:
            decisions = self._count(
                operation.schema_name, subject, security, cost, sensitive, alias
            )
        except RateLimitUnavailable as exc:
            return self._outage(exc, operation, security, sensitive)
        headers = rate_limit_headers(decisions)
        if all(decision.allowed for decision in decisions):
            return AdmissionDecision(headers=headers)
        seconds = headers.get("Retry-After", "1")
        message = ngettext(
            "Too many requests: retry in %(seconds)s second.",
            "Too many requests: retry in %(seconds)s seconds.",
            int(seconds),
        ) % {"seconds": seconds}
        return AdmissionDecision(refusal=AdmissionRefusal(message=message, headers=headers))

    def _count(
        self,
        schema: str,
        subject: str,
        security: Mapping[str, Any],
        cost: int,
        sensitive: int,
        alias: str,
    ) -> list[RateDecision]:
        key = f"graphql:{schema}:{subject}"
        budgets = [
            Budget(key, int(security["rate_limit_requests_per_minute"]), _MINUTE, cost),
            Budget(key, int(security["rate_limit_requests_per_hour"]), _HOUR, cost),
        ]
        if sensitive:
            key = f"graphql-sensitive:{subject}"
            budgets += [
                Budget(
                    key, int(security["rate_limit_login_requests_per_minute"]), _MINUTE, sensitive
                ),
                Budget(key, int(security["rate_limit_login_requests_per_hour"]), _HOUR, sensitive),
            ]
        # One round trip to Redis for every budget of the operation.
        return hit_many(budgets, cache_alias=alias)

    def _outage(
        self,
        exc: RateLimitUnavailable,
        operation: AdmittedOperation,
        security: Mapping[str, Any],
        sensitive: int,
    ) -> AdmissionDecision | None:
        refuse = bool(sensitive) or security.get("rate_limit_on_cache_outage") == "refuse"
        logger.warning(
            "Rate limits of schema %r cannot be counted (%s): the %s is %s.",
            operation.schema_name,
            exc,
            "sensitive operation" if sensitive else "operation",
            "refused" if refuse else "let through",
        )
        if not refuse:
            return None
        return AdmissionDecision(
            refusal=AdmissionRefusal(
                message=_("Rate limits cannot be checked right now: retry shortly."),
                status=503,
                headers={"Retry-After": str(OUTAGE_RETRY_SECONDS)},
            )
        )

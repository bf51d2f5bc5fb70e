"""Which other sites a browser may let read an endpoint's answers: the CORS policy every endpoint
asks.

Core's endpoints (the GraphQL view, the ``/api/v1/`` schema API) call :data:`cross_origin_policy`
for every request that carries an ``Origin`` header, when the schema's
``middleware_settings.enable_cors_middleware`` is on, with the methods the endpoint answers. The
answer is

- ``None``: CORS is not handled for this schema; the endpoint adds no CORS header at all and a
  preflight (``OPTIONS`` with ``Access-Control-Request-Method``) gets the endpoint's ordinary
  405, so a browser refuses every cross-origin request a page would need a preflight for;
- a :class:`CrossOriginDecision`: the endpoint answers a preflight itself (204, before any
  authentication, as a preflight carries no credentials) and adds the decision's ``headers`` to
  the answer, plus ``Vary: Origin``. Empty ``headers``: the origin is not allowed (the browser
  then hides the answer from the page).

The default handles nothing (same-origin only). rail-django-security installs its allow-list
policy from its app's ``ready()`` (``security_settings.enable_cors`` / ``allowed_origins``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rail_django.contracts.service_slot import ServiceSlot

__all__ = [
    "CrossOriginDecision",
    "CrossOriginPolicy",
    "CrossOriginRequest",
    "SameOriginOnly",
    "cross_origin_policy",
]


@dataclass(frozen=True)
class CrossOriginRequest:
    """A request from another origin, as an endpoint describes it to the policy.

    ``origin`` is the ``Origin`` header as sent (``"null"`` from sandboxed frames and files);
    ``preflight`` says whether this is the browser's ``OPTIONS`` question;
    ``methods`` are the methods the endpoint answers (``("GET", "POST")`` for GraphQL).
    """

    schema_name: str
    origin: str
    preflight: bool
    methods: tuple[str, ...]


@dataclass(frozen=True)
class CrossOriginDecision:
    """What to answer a cross-origin request: the ``Access-Control-*`` ``headers`` to add
    (empty when the origin is not allowed)."""

    headers: Mapping[str, str] = field(default_factory=dict)


@runtime_checkable
class CrossOriginPolicy(Protocol):
    """Decides the CORS headers of an answer (see the module docstring)."""

    def decide(self, request: Any, cross_origin: CrossOriginRequest) -> CrossOriginDecision | None:
        """The headers for ``cross_origin``, or ``None`` when CORS is not handled for its
        schema. Must not raise."""
        ...


class SameOriginOnly:
    """The default: no CORS header anywhere, so only the endpoint's own origin reads answers."""

    def decide(self, request: Any, cross_origin: CrossOriginRequest) -> CrossOriginDecision | None:
        return None


#: The active CORS policy (``cross_origin_policy.get()``); security installs its allow-list.
cross_origin_policy: ServiceSlot[CrossOriginPolicy] = ServiceSlot(
    "cross_origin_policy", SameOriginOnly, protocol=CrossOriginPolicy
)

"""Whether an operation may run now: the admission check (rate limits) every endpoint asks.

Core's GraphQL view calls :data:`request_admission` once per operation, after the document is
parsed and the operation chosen, before anything runs, with the operation's root fields (an
aliased field counted once per alias, fields of root fragments included). The answer is

- ``None``: nothing to say, the operation runs and the response carries no extra header;
- an :class:`AdmissionDecision` with ``refusal=None``: the operation runs, and the decision's
  ``headers`` (``X-RateLimit-*``) are added to its response;
- an :class:`AdmissionDecision` with a ``refusal``: the endpoint answers at once with the
  refusal's status (429 unless said otherwise), code and headers (``Retry-After``).

The default admits everything. rail-django-security installs its rate limiter from its app's
``ready()`` (``security_settings.enable_rate_limiting``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.service_slot import ServiceSlot

__all__ = [
    "AdmissionDecision",
    "AdmissionRefusal",
    "AdmittedOperation",
    "OpenAdmission",
    "RequestAdmission",
    "request_admission",
]


@dataclass(frozen=True)
class AdmittedOperation:
    """The operation an endpoint is about to run.

    ``operation_type`` is ``"query"`` or ``"mutation"``; ``root_fields`` the field names of its
    root selection (not their aliases), one entry per selection, so ``a: login(...) b: login(...)``
    is ``("login", "login")``; ``__typename`` is left out.
    """

    schema_name: str
    operation_type: str
    root_fields: tuple[str, ...]


@dataclass(frozen=True)
class AdmissionRefusal:
    """An operation that must not run now: what the endpoint answers instead.

    ``message`` is safe to show (translated by whoever builds it); ``headers`` are added to the
    HTTP answer (``Retry-After``, ``X-RateLimit-*``).
    """

    message: str
    code: ErrorCode = ErrorCode.RATE_LIMITED
    status: int = 429
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AdmissionDecision:
    """What an admission check decided: ``headers`` for the response of an admitted operation,
    or a ``refusal``."""

    headers: Mapping[str, str] = field(default_factory=dict)
    refusal: AdmissionRefusal | None = None


@runtime_checkable
class RequestAdmission(Protocol):
    """Decides whether an operation may run now (see the module docstring)."""

    def admit(self, request: Any, operation: AdmittedOperation) -> AdmissionDecision | None:
        """Count ``operation`` of ``request`` (``request.user`` already authenticated) and say
        whether it may run. Must not raise: a failure of its own store is its documented
        choice (refuse or admit), not an exception."""
        ...


class OpenAdmission:
    """The default: every operation runs, with no extra header."""

    def admit(self, request: Any, operation: AdmittedOperation) -> AdmissionDecision | None:
        return None


#: The active admission check (``request_admission.get()``); security installs its rate limiter.
request_admission: ServiceSlot[RequestAdmission] = ServiceSlot(
    "request_admission", OpenAdmission, protocol=RequestAdmission
)

"""Rate limiting of GraphQL operations (``security_settings.enable_rate_limiting``).

:class:`OperationRateLimiter` is installed into the contracts' ``request_admission`` slot by the
security app's ``ready()`` (:func:`install_rate_limiting`); it reads each schema's settings per
operation, so turning the limiter on for one schema leaves the others alone.
"""

from __future__ import annotations

from rail_django.contracts.request_admission import request_admission
from rail_django.security.rate_limiting.client_identity import client_address, rate_subject
from rail_django.security.rate_limiting.operation_limiter import OperationRateLimiter

__all__ = ["OperationRateLimiter", "client_address", "install_rate_limiting", "rate_subject"]

_OWNER = "rail_django.security"


def install_rate_limiting() -> None:
    """Make the rate limiter the endpoints' admission check (once; a second call is a no-op)."""
    if request_admission.owner != _OWNER:
        request_admission.install(OperationRateLimiter(), owner=_OWNER)

"""CORS for Rail Django's endpoints (``security_settings.enable_cors`` / ``allowed_origins``).

:class:`AllowListPolicy` is installed into the contracts' ``cross_origin_policy`` slot by the
security app's ``ready()`` (:func:`install_cross_origin`); core's GraphQL view and schema API
ask it for every request carrying an ``Origin`` header, per schema, unless the schema turns
``middleware_settings.enable_cors_middleware`` off.

Why not django-cors-headers: it is one global ``MIDDLEWARE`` entry configured by project-wide
``CORS_*`` settings (one allow-list, one credentials switch), while these keys are per schema
(``settings_registry.resolve(schema_name)``) and Rail endpoints work with no ``MIDDLEWARE``
edit. Its ``check_request_enabled`` signal can add origins per request but not decide
credentials per request, so ``*`` without credentials on one schema and an exact list with
credentials on another cannot both hold. The policy is a few dozen lines over the contract.
"""

from __future__ import annotations

from rail_django.contracts.cross_origin import cross_origin_policy
from rail_django.security.cross_origin.allow_list_policy import AllowListPolicy
from rail_django.security.cross_origin.origin_list import allowed_origin, origin_list_problems

__all__ = ["AllowListPolicy", "allowed_origin", "install_cross_origin", "origin_list_problems"]

_OWNER = "rail_django.security"


def install_cross_origin() -> None:
    """Make the allow-list the endpoints' CORS policy (once; a second call is a no-op)."""
    if cross_origin_policy.owner != _OWNER:
        cross_origin_policy.install(AllowListPolicy(), owner=_OWNER)

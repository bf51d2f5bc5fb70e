"""JWT authentication, RBAC, policy engine, field masking, audit log and MFA for Rail Django."""

from rail_django.security.__about__ import __version__
from rail_django.security.policies import AccessPolicy, PolicyEffect, policy_manager
from rail_django.security.rbac import PermissionContext, require_role, role_manager

__all__ = [
    "AccessPolicy",
    "PermissionContext",
    "PolicyEffect",
    "__version__",
    "policy_manager",
    "require_role",
    "role_manager",
]

"""Role-based access control: roles, assignments, contextual permissions, ``require_role``."""

from rail_django.security.rbac.decorators import require_role
from rail_django.security.rbac.definitions import BUILT_IN_ROLES, RoleDefinition
from rail_django.security.rbac.role_manager import PermissionContext, RoleManager, role_manager

__all__ = [
    "BUILT_IN_ROLES",
    "PermissionContext",
    "RoleDefinition",
    "RoleManager",
    "require_role",
    "role_manager",
]

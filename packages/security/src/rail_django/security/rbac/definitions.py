"""Role definitions as values: what a role grants, where it was declared, and the built-ins."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROLE_TYPES = ("system", "business", "functional")


@dataclass(frozen=True)
class RoleDefinition:
    """One role: its permissions (wildcards allowed) and the roles it inherits from.

    ``source`` says where it was declared: ``"built-in"``, ``"code"``, a meta file's path, or
    ``"database"``.
    """

    name: str
    description: str = ""
    role_type: str = "business"
    permissions: tuple[str, ...] = ()
    parent_roles: tuple[str, ...] = ()
    is_system_role: bool = False
    max_users: int | None = None
    source: str = "code"


#: Roles every project has. They are never overridden by code, meta.yaml or the database.
BUILT_IN_ROLES = (
    RoleDefinition(
        name="superadmin",
        description="Every permission.",
        role_type="system",
        permissions=("*",),
        is_system_role=True,
        source="built-in",
    ),
    RoleDefinition(
        name="security_admin",
        description="Manages roles and role assignments.",
        role_type="system",
        permissions=("rail_django_security.*",),
        is_system_role=True,
        source="built-in",
    ),
)

_KEYS = {"description", "role_type", "permissions", "parent_roles", "is_system_role", "max_users"}


class RoleDeclarationError(ValueError):
    """A malformed role declaration (the message names the role and the key)."""


def _names(role: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise RoleDeclarationError(f"roles.{role}.{key} must be a list of names")
    names = tuple(value)
    if not all(isinstance(v, str) and v for v in names):
        raise RoleDeclarationError(f"roles.{role}.{key} must hold non-empty strings")
    return names


def role_from_mapping(name: str, values: Mapping[str, Any], source: str) -> RoleDefinition:
    """A :class:`RoleDefinition` from a ``roles:`` entry of a meta file (or any mapping)."""
    if not isinstance(values, Mapping):
        raise RoleDeclarationError(f"roles.{name} must be a mapping")
    unknown = sorted(set(values) - _KEYS)
    if unknown:
        raise RoleDeclarationError(
            f"roles.{name}: unknown key(s) {unknown}; expected some of {sorted(_KEYS)}"
        )
    role_type = values.get("role_type", "business")
    if role_type not in ROLE_TYPES:
        raise RoleDeclarationError(f"roles.{name}.role_type must be one of {list(ROLE_TYPES)}")
    max_users = values.get("max_users")
    if max_users is not None and (
        isinstance(max_users, bool) or not isinstance(max_users, int) or max_users < 0
    ):
        raise RoleDeclarationError(f"roles.{name}.max_users must be a positive integer")
    is_system = values.get("is_system_role", False)
    if not isinstance(is_system, bool):
        raise RoleDeclarationError(f"roles.{name}.is_system_role must be true or false")
    return RoleDefinition(
        name=name,
        description=str(values.get("description") or ""),
        role_type=role_type,
        permissions=_names(name, "permissions", values.get("permissions")),
        parent_roles=_names(name, "parent_roles", values.get("parent_roles")),
        is_system_role=is_system,
        max_users=max_users,
        source=source,
    )

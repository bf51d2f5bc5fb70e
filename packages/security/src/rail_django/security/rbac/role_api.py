"""The admin-only GraphQL API for roles: ``roleDefinitions`` and ``myRoles`` queries;
``defineRole``, ``removeRole``, ``assignRole``, ``revokeRole`` mutations.

Only security administrators (superusers, or holders of ``rail_django_security.change_role``,
e.g. the built-in ``security_admin`` role) may read every role or change anything. Roles declared
in code or ``meta.yaml`` are read-only here; ``defineRole`` creates or updates database roles.
Each schema's fields check the asker under that schema's ``security_settings`` (its runtime).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from rail_django.contracts.build_context import SchemaBuildContext
from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.security.policies.explain_query import require_security_admin
from rail_django.security.rbac.definitions import RoleDefinition
from rail_django.security.rbac.role_manager import role_manager

if TYPE_CHECKING:
    from rail_django.contracts.schema_runtime import SchemaRuntime


class RoleDefinitionType(graphene.ObjectType):
    class Meta:
        name = "RoleDefinition"
        description = "A role, wherever it is declared."

    name = graphene.String(required=True)
    description = graphene.String(required=True)
    role_type = graphene.String(required=True)
    permissions = graphene.List(graphene.NonNull(graphene.String), required=True)
    parent_roles = graphene.List(graphene.NonNull(graphene.String), required=True)
    inherited_permissions = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Its permissions and those of every role it inherits from.",
    )
    is_system_role = graphene.Boolean(required=True)
    max_users = graphene.Int()
    source = graphene.String(required=True, description="built-in, code, a meta file, database.")

    @staticmethod
    def resolve_inherited_permissions(role: RoleDefinition, info: Any) -> list[str]:
        roles = role_manager.all_roles()
        found: dict[str, None] = {}
        for name in role_manager.inherited_roles([role.name]):
            found.update(dict.fromkeys(roles[name].permissions))
        return list(found)


def _user(user_id: Any) -> Any:
    from django.contrib.auth import get_user_model

    model = get_user_model()
    try:
        return model._default_manager.get(pk=model._meta.pk.to_python(user_id))
    except (model.DoesNotExist, ValidationError, TypeError, ValueError):
        raise RailError(
            gettext("No user with id %(id)r.") % {"id": user_id}, ErrorCode.NOT_FOUND
        ) from None


def _holder(user_id: Any, group_id: Any) -> Any:
    if (user_id is None) == (group_id is None):
        raise RailError(gettext("Give exactly one of userId, groupId."), ErrorCode.INVALID_ARGUMENT)
    if user_id is not None:
        return _user(user_id)
    from django.contrib.auth.models import Group

    try:
        return Group.objects.get(pk=int(group_id))
    except (Group.DoesNotExist, TypeError, ValueError):
        raise RailError(
            gettext("No group with id %(id)r.") % {"id": group_id}, ErrorCode.NOT_FOUND
        ) from None


def _invalid(exc: ValidationError) -> RailError:
    messages = (
        "; ".join(
            f"{key}: {' '.join(map(str, values))}"
            if key != "__all__"
            else " ".join(map(str, values))
            for key, values in exc.message_dict.items()
        )
        if hasattr(exc, "error_dict")
        else " ".join(exc.messages)
    )
    return RailError(messages, ErrorCode.INVALID_ARGUMENT)


def _role_name(name: str) -> str:
    # No role name holds a NUL character, and PostgreSQL refuses one in the lookup itself.
    if "\x00" in name:
        raise RailError(
            gettext("A role name cannot contain NUL characters."), ErrorCode.INVALID_ARGUMENT
        )
    return name


def _admin(info: Any, runtime: SchemaRuntime | None) -> Any:
    user = getattr(info.context, "user", None)
    require_security_admin(user, runtime)
    return user


def resolve_role_definitions(
    root: Any, info: Any, *, runtime: SchemaRuntime | None = None
) -> list[RoleDefinition]:
    _admin(info, runtime)
    return list(role_manager.all_roles().values())


def resolve_my_roles(root: Any, info: Any, *, runtime: SchemaRuntime | None = None) -> list[str]:
    user = getattr(info.context, "user", None)
    if not getattr(user, "is_authenticated", False):
        raise RailError(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED)
    return role_manager.get_user_roles(user, runtime=runtime)


def resolve_define_role(
    root: Any, info: Any, name: str, *, runtime: SchemaRuntime | None = None, **values: Any
) -> RoleDefinition:
    _admin(info, runtime)
    from rail_django.security.rbac.models import Role

    name = _role_name(name)
    role = Role.objects.filter(name=name).first() or Role(name=name)
    for key, value in values.items():
        if value is not None:
            setattr(role, key, list(value) if isinstance(value, (list, tuple)) else value)
    try:
        role.save()
    except ValidationError as exc:
        raise _invalid(exc) from None
    stored = role_manager.get_role(name)
    assert stored is not None
    return stored


def resolve_remove_role(
    root: Any, info: Any, name: str, *, runtime: SchemaRuntime | None = None
) -> bool:
    _admin(info, runtime)
    from rail_django.security.rbac.models import Role, RoleAssignment

    name = _role_name(name)
    if role_manager.declared_role(name) is not None:
        raise RailError(
            gettext("The role %(name)r is declared in code or meta.yaml.") % {"name": name},
            ErrorCode.CONFLICT,
        )
    deleted, _ = Role.objects.filter(name=name).delete()
    if deleted:
        RoleAssignment.objects.filter(role_name=name).delete()
    return bool(deleted)


def resolve_assign_role(
    root: Any,
    info: Any,
    role_name: str,
    user_id: Any = None,
    group_id: Any = None,
    *,
    runtime: SchemaRuntime | None = None,
) -> bool:
    _admin(info, runtime)
    holder = _holder(user_id, group_id)
    try:
        role_manager.assign_role(holder, _role_name(role_name))
    except ValidationError as exc:
        raise _invalid(exc) from None
    return True


def resolve_revoke_role(
    root: Any,
    info: Any,
    role_name: str,
    user_id: Any = None,
    group_id: Any = None,
    *,
    runtime: SchemaRuntime | None = None,
) -> bool:
    _admin(info, runtime)
    return role_manager.revoke_role(_holder(user_id, group_id), _role_name(role_name))


_STRINGS = graphene.List(graphene.NonNull(graphene.String))


def role_query_fields(context: SchemaBuildContext) -> dict[str, Any]:
    """``roleDefinitions`` (admins) and ``myRoles`` (any signed-in user)."""
    runtime = context.runtime
    return {
        "role_definitions": graphene.Field(
            graphene.List(graphene.NonNull(RoleDefinitionType)),
            resolver=partial(resolve_role_definitions, runtime=runtime),
            description="Every role (security administrators only).",
        ),
        "my_roles": graphene.Field(
            graphene.List(graphene.NonNull(graphene.String)),
            resolver=partial(resolve_my_roles, runtime=runtime),
            description="The roles the signed-in user holds, inherited ones included.",
        ),
    }


def role_mutation_fields(context: SchemaBuildContext) -> dict[str, Any]:
    """Role administration (security administrators only)."""
    runtime = context.runtime
    holder = {
        "role_name": graphene.String(required=True),
        "user_id": graphene.ID(),
        "group_id": graphene.ID(),
    }
    return {
        "define_role": graphene.Field(
            RoleDefinitionType,
            # args= because "name" and "description" are also graphene.Field's own keywords.
            args={
                "name": graphene.String(required=True),
                "description": graphene.String(),
                "role_type": graphene.String(),
                "permissions": _STRINGS,
                "parent_roles": _STRINGS,
                "is_system_role": graphene.Boolean(),
                "max_users": graphene.Int(),
            },
            resolver=partial(resolve_define_role, runtime=runtime),
            description="Create or update a database role.",
        ),
        "remove_role": graphene.Field(
            graphene.Boolean,
            args={"name": graphene.String(required=True)},
            resolver=partial(resolve_remove_role, runtime=runtime),
            description="Delete a database role and its assignments.",
        ),
        "assign_role": graphene.Field(
            graphene.Boolean,
            args=dict(holder),
            resolver=partial(resolve_assign_role, runtime=runtime),
        ),
        "revoke_role": graphene.Field(
            graphene.Boolean,
            args=dict(holder),
            resolver=partial(resolve_revoke_role, runtime=runtime),
        ),
    }

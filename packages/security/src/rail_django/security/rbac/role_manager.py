"""``role_manager``: every role (built-in, code, ``meta.yaml``, database), who holds which, and
whether a user holds a permission, contextual ``*_own`` / ``*_assigned`` permissions included.

Precedence when two declarations share a name: built-in system roles, then roles registered in
code, then ``meta.yaml`` roles (first app wins), then database roles. Later sources are
additive: they never replace an earlier role of the same name.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q
from django.utils.translation import gettext

from rail_django.security.rbac.definitions import (
    BUILT_IN_ROLES,
    RoleDeclarationError,
    RoleDefinition,
    role_from_mapping,
)
from rail_django.security.rbac.permission_names import (
    ASSIGNED_SUFFIX,
    OWN_SUFFIX,
    matches,
    split_context,
)

if TYPE_CHECKING:
    from rail_django.contracts.schema_runtime import SchemaRuntime


@dataclass(frozen=True)
class PermissionContext:
    """What a contextual permission is checked against: the user and, for ``*_own`` /
    ``*_assigned`` permissions, the object."""

    user: Any
    object_instance: Model | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Grants:
    """A user's roles (with inherited ones) and the permission patterns they hold."""

    roles: frozenset[str]
    permissions: tuple[str, ...]
    granted_by: Mapping[str, str]  # permission pattern -> the role that holds it
    #: The user's Django permissions, or ``None`` when an authentication backend other than
    #: Django's ModelBackend may grant more (then ``user.has_perm`` is asked each time).
    django_permissions: frozenset[str] | None = frozenset()


logger = logging.getLogger("rail_django.security")

NO_GRANTS = Grants(frozenset(), (), {})
_MEMO = "_rail_django_rbac_grants"


def _security_settings(runtime: SchemaRuntime | None) -> Mapping[str, Any]:
    """The ``security_settings`` of the schema asking (``runtime``), else the global level."""
    if runtime is not None:
        return runtime.section("security_settings")
    from rail_django.contracts.settings_registry import settings_registry

    return settings_registry.resolve(None).sections.get("security_settings", {})


class RoleManager:
    """The process-wide registry of roles (use :data:`role_manager`)."""

    def __init__(self) -> None:
        self._declared: dict[str, RoleDefinition] = {role.name: role for role in BUILT_IN_ROLES}
        self._problems: list[str] = []
        self._db_roles: tuple[int, dict[str, RoleDefinition]] | None = None
        self._lock = threading.Lock()

    # -- declaring ----------------------------------------------------------------------------
    def register_role(self, role: RoleDefinition | None = None, **values: Any) -> RoleDefinition:
        """Declare a role in code: ``register_role(name="auditor", permissions=["store.view_*"])``.

        Registering a name that a built-in system role holds raises ``ValueError``; registering
        the same name again from code replaces the earlier code declaration.
        """
        if role is None:
            name = values.pop("name")
            role = role_from_mapping(name, values, "code")
        existing = self._declared.get(role.name)
        if existing is not None and existing.source == "built-in":
            raise ValueError(f"{role.name!r} is a built-in system role and cannot be redefined")
        self._declared[role.name] = replace(role, source=role.source or "code")
        self._invalidate()
        return self._declared[role.name]

    def load_meta_roles(self, app_configs: Iterable[Any] | None = None) -> list[RoleDefinition]:
        """Add the ``roles:`` of every installed app's meta file (at start-up). Additive: a name
        already declared is skipped (reported by the system check when it was not the same
        declaration)."""
        from django.apps import apps

        from rail_django.core.meta import meta_file_for

        added = []
        for config in app_configs if app_configs is not None else apps.get_app_configs():
            meta_file = meta_file_for(config.path)
            declared = meta_file.sections.get("roles")
            if not declared:
                continue
            source = str(meta_file.path)
            if not isinstance(declared, Mapping):
                self._problem(
                    gettext("%(source)s: roles must map role names to their definition")
                    % {"source": source}
                )
                continue
            for name, values in declared.items():
                try:
                    role = role_from_mapping(str(name), values, source)
                except RoleDeclarationError as exc:
                    self._problem(f"{source}: {exc}")
                    continue
                existing = self._declared.get(role.name)
                if existing is not None:
                    if existing.source != source:
                        self._problem(
                            gettext(
                                "%(source)s: roles.%(role)s is already declared in %(other)s; "
                                "the meta.yaml declaration is ignored"
                            )
                            % {"source": source, "role": role.name, "other": existing.source}
                        )
                    continue
                self._declared[role.name] = role
                added.append(role)
        self._invalidate()
        return added

    def unregister_role(self, name: str) -> None:
        """Forget a role declared in code or meta.yaml (tests). Built-in roles stay."""
        role = self._declared.get(name)
        if role is not None and role.source != "built-in":
            del self._declared[name]
            self._invalidate()

    @property
    def problems(self) -> tuple[str, ...]:
        """Declaration problems found so far (reported by the system check)."""
        return tuple(self._problems)

    def _problem(self, message: str) -> None:
        if message not in self._problems:
            self._problems.append(message)

    def _invalidate(self) -> None:
        from rail_django.security.rbac.permission_cache import bump_role_version

        try:
            bump_role_version()
        except Exception:  # a shared cache down at start-up must not stop the process
            logger.warning("Could not bump the role version in the cache", exc_info=True)

    # -- reading roles ------------------------------------------------------------------------
    def declared_role(self, name: str) -> RoleDefinition | None:
        """A role declared built-in, in code or in meta.yaml (not the database)."""
        return self._declared.get(name)

    def get_role(self, name: str) -> RoleDefinition | None:
        """The role named ``name`` from any source, or ``None``."""
        return self._declared.get(name) or self._stored_roles().get(name)

    def all_roles(self) -> dict[str, RoleDefinition]:
        """Every role by name, declared ones first."""
        roles = dict(self._stored_roles())
        roles.update(self._declared)
        return dict(sorted(roles.items()))

    def _stored_roles(self) -> dict[str, RoleDefinition]:
        from rail_django.security.rbac.permission_cache import role_version

        version = role_version()
        cached = self._db_roles
        if cached is not None and cached[0] == version:
            return cached[1]
        from rail_django.security.rbac.models import Role

        stored = {
            row.name: RoleDefinition(
                name=row.name,
                description=row.description,
                role_type=row.role_type,
                permissions=tuple(row.permissions or ()),
                parent_roles=tuple(row.parent_roles or ()),
                is_system_role=row.is_system_role,
                max_users=row.max_users,
                source="database",
            )
            for row in Role.objects.all()
        }
        self._db_roles = (version, stored)
        return stored

    def inherited_roles(self, names: Iterable[str]) -> list[str]:
        """``names`` and every role they inherit from, each once, parents after children."""
        roles = self.all_roles()
        seen: dict[str, None] = {}
        stack = list(names)[::-1]
        while stack:
            name = stack.pop()
            if name in seen or name not in roles:
                continue  # cycles and unknown names end the walk
            seen[name] = None
            stack.extend(reversed(roles[name].parent_roles))
        return list(seen)

    # -- who holds what -----------------------------------------------------------------------
    def assigned_role_names(self, user: Any) -> frozenset[str]:
        """The roles assigned to ``user`` directly or through their groups (no inheritance)."""
        if not getattr(user, "is_authenticated", False) or user.pk is None:
            return frozenset()
        from rail_django.security.rbac.models import RoleAssignment

        holder = Q(user_id=user.pk)
        if hasattr(user, "groups"):
            holder |= Q(group__user=user.pk)
        names = RoleAssignment.objects.filter(holder).values_list("role_name", flat=True)
        return frozenset(names)

    def grants(self, user: Any, *, runtime: SchemaRuntime | None = None) -> Grants:
        """``user``'s roles (inherited ones included) and permission patterns, cached.

        ``runtime`` is the schema asking: its ``enable_permission_cache`` and
        ``permission_cache_ttl_seconds`` decide whether the shared cache is read and for how long
        an entry lives. The answer is memoised on the user object (one request); a memo read
        from the shared cache is not reused by a schema whose cache is off.
        """
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
            return NO_GRANTS
        from rail_django.security.rbac import permission_cache

        options = _security_settings(runtime)
        use_cache = bool(options.get("enable_permission_cache", True))
        generation = permission_cache.local_generation()
        memo = getattr(user, _MEMO, None)
        if memo is not None and memo[0] == generation and (use_cache or memo[1]):
            return memo[2]
        version = permission_cache.role_version()
        grants = permission_cache.cached_grants(user, version) if use_cache else None
        fresh = grants is None
        if grants is None:
            grants = self._compute_grants(user)
            if use_cache:
                ttl = int(options.get("permission_cache_ttl_seconds", 300))
                permission_cache.store_grants(user, version, grants, ttl)
        with contextlib.suppress(AttributeError):
            setattr(user, _MEMO, (generation, fresh, grants))
        return grants

    def _compute_grants(self, user: Any) -> Grants:
        roles = self.all_roles()
        names = self.inherited_roles(sorted(self.assigned_role_names(user)))
        granted_by: dict[str, str] = {}
        for name in names:
            for pattern in roles[name].permissions:
                granted_by.setdefault(pattern, name)
        django = frozenset(user.get_all_permissions()) if _model_backends_only() else None
        return Grants(frozenset(names), tuple(granted_by), granted_by, django)

    def get_user_roles(self, user: Any, *, runtime: SchemaRuntime | None = None) -> list[str]:
        """The names of the roles ``user`` holds, inherited ones included, sorted."""
        return sorted(self.grants(user, runtime=runtime).roles)

    def has_role(self, user: Any, *names: str, runtime: SchemaRuntime | None = None) -> bool:
        """Does ``user`` hold one of ``names`` (directly, via a group, or by inheritance)?
        Active superusers hold every role. ``runtime``: the schema asking (see :meth:`grants`)."""
        if _is_superuser(user):
            return True
        held = self.grants(user, runtime=runtime).roles
        return any(name in held for name in names)

    def assign_role(self, holder: Any, name: str) -> Any:
        """Give role ``name`` to a user or a group (validated: the role exists, ``max_users``)."""
        from django.contrib.auth.models import Group

        from rail_django.security.rbac.models import RoleAssignment

        key = "group" if isinstance(holder, Group) else "user"
        existing = RoleAssignment.objects.filter(role_name=name, **{key: holder}).first()
        return existing or RoleAssignment.objects.create(role_name=name, **{key: holder})

    def revoke_role(self, holder: Any, name: str) -> bool:
        """Take role ``name`` from a user or a group; ``False`` when they did not hold it."""
        from django.contrib.auth.models import Group

        from rail_django.security.rbac.models import RoleAssignment

        key = "group" if isinstance(holder, Group) else "user"
        deleted = 0
        for assignment in RoleAssignment.objects.filter(role_name=name, **{key: holder}):
            assignment.delete()  # one by one so the invalidation signal fires
            deleted += 1
        return bool(deleted)

    # -- permissions --------------------------------------------------------------------------
    def granting_source(self, user: Any, permission: str) -> str | None:
        """Why ``user`` holds ``permission`` outright (no object context): ``"superuser"``,
        ``"role <name> (<pattern>)"``, ``"Django permission"``, or ``None``."""
        if _is_superuser(user):
            return "superuser"
        if not getattr(user, "is_authenticated", False):
            return None
        grants = self.grants(user)
        if permission.count(".") == 1:
            django = grants.django_permissions
            held = user.has_perm(permission) if django is None else permission in django
            if held:
                return "Django permission"
        pattern = matches(permission, grants.permissions)
        if pattern is not None:
            return f"role {grants.granted_by[pattern]!r} ({pattern})"
        return None

    def has_permission(
        self, user: Any, permission: str, context: PermissionContext | None = None
    ) -> bool:
        """Does ``user`` hold ``permission``?

        ``store.change_product`` is held outright (a role pattern, a Django permission, or
        superuser). With an object in ``context``, ``store.change_product_own`` (or
        ``_assigned``) also grants it when the object is the user's (or assigned to them). Asking
        for ``project.update_own`` directly needs the object: it is granted by the plain
        ``project.update`` or by ``project.update_own`` on an object the user owns.
        """
        return self.explain(user, permission, context)[0]

    def explain(
        self, user: Any, permission: str, context: PermissionContext | None = None
    ) -> tuple[bool, str]:
        """``(allowed, reason)`` for :meth:`has_permission`."""
        obj = context.object_instance if context is not None else None
        base, suffix = split_context(permission)
        source = self.granting_source(user, base)
        if source is not None:
            return True, gettext("Granted: %(permission)s held as %(source)s.") % {
                "permission": base,
                "source": source,
            }
        suffixes = (suffix,) if suffix else (OWN_SUFFIX, ASSIGNED_SUFFIX)
        refusal = gettext("No role or permission grants %(permission)s.") % {
            "permission": permission
        }
        for variant in suffixes:
            contextual = base + variant
            source = self.granting_source(user, contextual)
            if source is None:
                continue
            if obj is None:
                refusal = gettext("%(permission)s is held as %(source)s but needs an object.") % {
                    "permission": contextual,
                    "source": source,
                }
                continue
            if _object_matches(obj, variant, user):
                if variant == OWN_SUFFIX:
                    granted = gettext(
                        "Granted: %(permission)s held as %(source)s; the object is owned by the "
                        "user."
                    )
                else:
                    granted = gettext(
                        "Granted: %(permission)s held as %(source)s; the object is assigned to "
                        "the user."
                    )
                return True, granted % {"permission": contextual, "source": source}
            refusal = gettext(
                "%(permission)s is held as %(source)s, but the object is not the user's."
            ) % {"permission": contextual, "source": source}
        return False, refusal


def _object_matches(obj: Model, suffix: str, user: Any) -> bool:
    from rail_django.security.access_rules import access_rules
    from rail_django.security.rbac.ownership import object_reaches

    rules = access_rules(type(obj))
    path = rules.owner_field if suffix == OWN_SUFFIX else rules.assigned_field
    return bool(path) and object_reaches(obj, path, user)


def _model_backends_only() -> bool:
    """Do Django's permissions come from ModelBackend alone (so they can be cached)?"""
    from django.contrib.auth import get_backends
    from django.contrib.auth.backends import ModelBackend

    return all(isinstance(backend, ModelBackend) for backend in get_backends())


def _is_superuser(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_superuser", False)
    )


#: The process-wide role manager.
role_manager = RoleManager()

"""Where a user's roles and permissions are cached, and when the cache is dropped.

Grants (roles, role permissions and the user's Django permissions) are computed once per user
per *role version*. The version lives in Django's cache and changes whenever a role, a role
assignment, a user's groups or a user's or group's Django permissions change (signals below), so
every process sharing the cache sees the change at once; entries also expire after
``permission_cache_ttl_seconds``. With ``enable_permission_cache`` off, grants are recomputed on
every request (still once per request: the user object memoises them). Both keys are read from
the ``security_settings`` of the schema asking (``role_manager.grants(user, runtime=...)``).
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist

VERSION_KEY = "rail_django_security:rbac_version"
_GRANTS_KEY = "rail_django_security:grants:{version}:{user}"


def role_version() -> int:
    """The current role version (set on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version or 0)


_generation = 0


def local_generation() -> int:
    """Changes made by this process so far. A user object memoises its grants for its own life
    (one request) unless this number moves; other processes' changes are seen from the next
    request on, through the shared version."""
    return _generation


def bump_role_version(**kwargs: Any) -> None:
    """Invalidate every cached grant (a signal receiver, also callable directly)."""
    global _generation
    _generation += 1
    cache.set(VERSION_KEY, max(time.time_ns(), role_version() + 1), timeout=None)


def _user_key(user: Any) -> str:
    # The join date tells apart two users that got the same primary key (a deleted row's id
    # reused, as SQLite may), so one never inherits the other's cached grants.
    joined = getattr(user, "date_joined", None)
    stamp = int(joined.timestamp() * 1_000_000) if joined is not None else 0
    return f"{user.pk}:{stamp}"


def cached_grants(user: Any, version: int) -> Any:
    return cache.get(_GRANTS_KEY.format(version=version, user=_user_key(user)))


def store_grants(user: Any, version: int, grants: Any, ttl: int) -> None:
    cache.set(_GRANTS_KEY.format(version=version, user=_user_key(user)), grants, timeout=ttl)


def connect_invalidation_signals() -> None:
    """Drop cached grants when roles, assignments, group memberships or Django permissions of
    users and groups change."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from rail_django.security.rbac.models import Role, RoleAssignment

    for model in (Role, RoleAssignment):
        uid = f"rail_django_security_rbac_{model.__name__}"
        post_save.connect(bump_role_version, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(bump_role_version, sender=model, dispatch_uid=f"{uid}_delete")
    watched = [Group.permissions.through]
    for name in ("groups", "user_permissions"):
        with contextlib.suppress(FieldDoesNotExist):  # a custom user model without it
            watched.append(get_user_model()._meta.get_field(name).remote_field.through)
    for through in watched:
        uid = f"rail_django_security_{through._meta.label_lower}"
        m2m_changed.connect(bump_role_version, sender=through, dispatch_uid=uid)

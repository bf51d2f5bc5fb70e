"""Where a user's roles and permissions are cached, and when the cache is dropped.

Grants are computed once per user per *role version*. The version lives in Django's cache and
changes whenever a role, a role assignment or a user's groups change (signals below), so every
process sharing the cache sees the change at once; entries also expire after
``permission_cache_ttl_seconds``. With ``enable_permission_cache`` off, grants are recomputed on
every request (still once per request: the user object memoises them).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache

VERSION_KEY = "rail_django_security:rbac_version"
_GRANTS_KEY = "rail_django_security:grants:{version}:{user}"


def role_version() -> int:
    """The current role version (set on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version or 0)


def bump_role_version(**kwargs: Any) -> None:
    """Invalidate every cached grant (a signal receiver, also callable directly)."""
    cache.set(VERSION_KEY, max(time.time_ns(), role_version() + 1), timeout=None)


def cached_grants(user: Any, version: int) -> Any:
    return cache.get(_GRANTS_KEY.format(version=version, user=user.pk))


def store_grants(user: Any, version: int, grants: Any, ttl: int) -> None:
    cache.set(_GRANTS_KEY.format(version=version, user=user.pk), grants, timeout=ttl)


def connect_invalidation_signals() -> None:
    """Drop cached grants when roles, assignments or group memberships change."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from rail_django.security.rbac.models import Role, RoleAssignment

    for model in (Role, RoleAssignment):
        uid = f"rail_django_security_rbac_{model.__name__}"
        post_save.connect(bump_role_version, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(bump_role_version, sender=model, dispatch_uid=f"{uid}_delete")
    try:
        groups = get_user_model()._meta.get_field("groups").remote_field.through
    except Exception:  # a custom user model without groups: nothing to watch
        return
    m2m_changed.connect(
        bump_role_version, sender=groups, dispatch_uid="rail_django_security_groups"
    )

"""Permission names: wildcard matching and contextual (``*_own`` / ``*_assigned``) variants.

A permission is a dotted name such as ``store.change_product``; a role may hold patterns
(``store.*``, ``store.view_*``, ``*``). ``store.change_product_own`` grants the change on rows the
user owns, ``store.change_product_assigned`` on rows assigned to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

OWN_SUFFIX = "_own"
ASSIGNED_SUFFIX = "_assigned"
CONTEXT_SUFFIXES = (OWN_SUFFIX, ASSIGNED_SUFFIX)


def matches(permission: str, patterns: Iterable[str]) -> str | None:
    """The first of ``patterns`` that grants ``permission``, or ``None``."""
    for pattern in patterns:
        if pattern == permission or ("*" in pattern and fnmatchcase(permission, pattern)):
            return pattern
    return None


def split_context(permission: str) -> tuple[str, str | None]:
    """``("store.change_product", "_own")`` for ``"store.change_product_own"``; no suffix ->
    ``(permission, None)``."""
    for suffix in CONTEXT_SUFFIXES:
        if permission.endswith(suffix):
            return permission[: -len(suffix)], suffix
    return permission, None


def model_permission(app_label: str, codename: str, model_name: str) -> str:
    """Django's name of a model permission: ``store.change_product``."""
    return f"{app_label}.{codename}_{model_name}"

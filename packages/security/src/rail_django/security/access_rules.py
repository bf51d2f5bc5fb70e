"""A model's access declarations (``GraphQLMeta.access``, ``field_permissions``, ``guards``),
parsed once per model into plain values the permission backend and the field guards walk.

The shape read from code or ``meta.yaml`` (every key optional)::

    access = {
        "owner_field": "owner",          # FK (or path, "project__owner") to the user: *_own rules
        "assigned_field": "assignees",   # FK/M2M (or path) to users: *_assigned rules
        "operations": {                  # roles required for an operation, on top of permissions
            "list": {"roles": ["catalog_viewer"]},
            "update": {"roles": ["catalog_admin"]},
        },
        "fields": [                      # field rules, same as field_permissions entries
            {"field": "cost_price", "access": "read", "visibility": "visible",
             "roles": ["catalog_admin"]},
        ],
    }
    field_permissions = {
        "email": {"roles": ["support"], "visibility": "masked", "mask_value": "user@***.com"},
        # or a list of rules for one field
    }
    guards = {"view": ["myapp.rules.published_only"], "*": [callable]}

Operations are ``view`` (also written ``list``, ``retrieve`` or ``read``), ``create`` (``add``),
``update`` (``change``) and ``delete``. A guard is a callable (or its dotted path)
``guard(user, operation) -> Q | bool``: ``True`` keeps every row, ``False`` none, a ``Q`` narrows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.module_loading import import_string

from rail_django.contracts.permissions import FieldVisibility
from rail_django.core.meta import get_model_meta

OPERATION_ALIASES = {
    "view": "view",
    "list": "view",
    "retrieve": "view",
    "read": "view",
    "create": "create",
    "add": "create",
    "update": "update",
    "change": "update",
    "delete": "delete",
}
FIELD_ACCESS = ("read", "write", "read_write")
_ACCESS_KEYS = {"owner_field", "assigned_field", "operations", "fields"}
_RULE_KEYS = {"field", "roles", "visibility", "mask_value", "access"}


def normalize_operation(operation: str) -> str:
    """``"list"`` -> ``"view"``, ``"change"`` -> ``"update"``; unknown names pass through."""
    return OPERATION_ALIASES.get(str(operation), str(operation))


@dataclass(frozen=True)
class FieldRule:
    """Users holding one of ``roles`` (empty: every user) read the field with ``visibility``;
    ``access`` says whether they may also write it."""

    field: str
    roles: tuple[str, ...] = ()
    visibility: FieldVisibility = FieldVisibility.VISIBLE
    mask_value: Any = None
    access: str = "read_write"

    @property
    def writable(self) -> bool:
        return self.visibility == FieldVisibility.VISIBLE and "write" in self.access


Guard = Callable[[Any, str], Any]


@dataclass(frozen=True)
class AccessRules:
    """Everything a model declares about who may do what with its rows and fields."""

    owner_field: str | None = None
    assigned_field: str | None = None
    operation_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    guards: Mapping[str, tuple[Guard, ...]] = field(default_factory=dict)
    field_rules: Mapping[str, tuple[FieldRule, ...]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def scopes_rows(self) -> bool:
        """Does anything here narrow querysets (ownership, assignment or guards)?"""
        return bool(self.owner_field or self.assigned_field or self.guards)

    def guards_for(self, operation: str) -> tuple[Guard, ...]:
        return self.guards.get(normalize_operation(operation), ()) + self.guards.get("*", ())


EMPTY_RULES = AccessRules()


class _Invalid(ValueError):
    pass


def _names(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Sequence) or not all(isinstance(v, str) and v for v in value):
        raise _Invalid(f"{where} must be a list of names")
    return tuple(value)


def _field_rule(name: str, value: Any, where: str) -> FieldRule:
    if not isinstance(value, Mapping):
        raise _Invalid(f"{where} must be a mapping")
    unknown = sorted(set(value) - _RULE_KEYS)
    if unknown:
        raise _Invalid(f"{where}: unknown key(s) {unknown}; expected some of {sorted(_RULE_KEYS)}")
    visibility = value.get("visibility", "visible")
    if visibility not in set(FieldVisibility):
        raise _Invalid(f"{where}.visibility must be one of visible, masked, hidden")
    access = value.get("access", "read_write")
    if access not in FIELD_ACCESS:
        raise _Invalid(f"{where}.access must be one of {list(FIELD_ACCESS)}")
    roles = value.get("roles") or ()
    return FieldRule(
        field=name,
        roles=_names(roles, f"{where}.roles") if roles else (),
        visibility=FieldVisibility(visibility),
        mask_value=value.get("mask_value"),
        access=access,
    )


def _field_rules(meta: Any, access: Mapping[str, Any]) -> dict[str, tuple[FieldRule, ...]]:
    rules: dict[str, list[FieldRule]] = {}
    declared = meta.field_permissions or {}
    if not isinstance(declared, Mapping):
        raise _Invalid("field_permissions must map field names to rules")
    for name, value in declared.items():
        entries = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        for index, entry in enumerate(entries):
            where = f"field_permissions.{name}[{index}]"
            rules.setdefault(str(name), []).append(_field_rule(str(name), entry, where))
    listed = access.get("fields") or ()
    if not isinstance(listed, Sequence) or isinstance(listed, str):
        raise _Invalid("access.fields must be a list of rules")
    for index, entry in enumerate(listed):
        where = f"access.fields[{index}]"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("field"), str):
            raise _Invalid(f"{where} must be a mapping with a 'field' name")
        rule = _field_rule(entry["field"], entry, where)
        rules.setdefault(rule.field, []).append(rule)
    return {name: tuple(items) for name, items in rules.items()}


def _operation_roles(access: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    declared = access.get("operations") or {}
    if not isinstance(declared, Mapping):
        raise _Invalid("access.operations must map operations to {roles: [...]}")
    roles: dict[str, tuple[str, ...]] = {}
    for operation, value in declared.items():
        if str(operation) not in OPERATION_ALIASES:
            raise _Invalid(f"access.operations: unknown operation {operation!r}")
        if not isinstance(value, Mapping) or "roles" not in value:
            raise _Invalid(f"access.operations.{operation} must be a mapping with 'roles'")
        key = normalize_operation(operation)
        names = _names(value["roles"], f"access.operations.{operation}.roles")
        roles[key] = tuple(dict.fromkeys(roles.get(key, ()) + names))
    return roles


def _guards(declared: Any) -> dict[str, tuple[Guard, ...]]:
    if not declared:
        return {}
    if not isinstance(declared, Mapping):
        raise _Invalid("guards must map operations to guard callables")
    guards: dict[str, tuple[Guard, ...]] = {}
    for operation, value in declared.items():
        key = "*" if operation == "*" else normalize_operation(operation)
        if key != "*" and str(operation) not in OPERATION_ALIASES:
            raise _Invalid(f"guards: unknown operation {operation!r}")
        entries = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        loaded = []
        for entry in entries:
            try:
                guard = import_string(entry) if isinstance(entry, str) else entry
            except ImportError as exc:
                raise _Invalid(f"guards.{operation}: cannot import {entry!r} ({exc})") from None
            if not callable(guard):
                raise _Invalid(f"guards.{operation}: {entry!r} is not callable")
            loaded.append(guard)
        guards[key] = guards.get(key, ()) + tuple(loaded)
    return guards


def parse_access_rules(model: type[Model]) -> AccessRules:
    """``model``'s rules from its resolved meta (uncached; see :func:`access_rules`)."""
    meta = get_model_meta(model)
    access = meta.access or {}
    try:
        if not isinstance(access, Mapping):
            raise _Invalid("access must be a mapping")
        unknown = sorted(set(access) - _ACCESS_KEYS)
        if unknown:
            raise _Invalid(
                f"access: unknown key(s) {unknown}; expected some of {sorted(_ACCESS_KEYS)}"
            )
        owner = access.get("owner_field")
        assigned = access.get("assigned_field")
        for key, value in (("owner_field", owner), ("assigned_field", assigned)):
            if value is not None and (not isinstance(value, str) or not value):
                raise _Invalid(f"access.{key} must be a field name or path")
        return AccessRules(
            owner_field=owner,
            assigned_field=assigned,
            operation_roles=_operation_roles(access),
            guards=_guards(meta.guards),
            field_rules=_field_rules(meta, access),
        )
    except _Invalid as exc:
        # A malformed declaration denies everything but superusers until it is fixed (the
        # system check says what is wrong): failing open would leak what the rules protect.
        return AccessRules(guards={"*": (_deny_all,)}, problems=(str(exc),))


def _deny_all(user: Any, operation: str) -> bool:
    return False


_cache: dict[type[Model], tuple[Any, AccessRules]] = {}
_lock = threading.Lock()


def access_rules(model: type[Model]) -> AccessRules:
    """``model``'s rules, recomputed only when core's resolved meta of the model changes."""
    meta = get_model_meta(model)
    cached = _cache.get(model)
    if cached is not None and cached[0] is meta:
        return cached[1]
    with _lock:
        rules = parse_access_rules(model)
        _cache[model] = (meta, rules)
        return rules

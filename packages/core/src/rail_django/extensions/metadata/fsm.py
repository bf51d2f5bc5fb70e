"""django-fsm(-2) state fields and their transitions, read without importing django-fsm.

django-fsm-2 (the maintained fork; import name ``django_fsm``) gives each state field a
``get_all_transitions(model)`` method listing the ``@transition`` methods declared on the model.
Duck typing keeps core free of the dependency: with django-fsm absent no field has the method.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class FsmTransition:
    """One transition method: the states it leaves from, the state it reaches, a label and the
    permission it needs (a codename string; ``None`` when free or decided per row)."""

    name: str
    source: tuple[str, ...]
    target: str | None
    label: Any
    permission: str | None
    per_row_permission: bool


def is_fsm_field(field: Any) -> bool:
    """Is ``field`` a django-fsm state field (``FSMField``, ``FSMIntegerField``...)?"""
    return callable(getattr(field, "get_all_transitions", None))


def _state(value: Any) -> str:
    return str(getattr(value, "value", value))


def fsm_transitions(model: type, field: Any) -> tuple[FsmTransition, ...]:
    """The transitions of ``field`` on ``model``, one per method, sources merged and sorted."""
    if not is_fsm_field(field):
        return ()
    by_name: dict[str, dict[str, Any]] = {}
    for transition in field.get_all_transitions(model):
        entry = by_name.setdefault(
            transition.name,
            {"sources": set(), "target": transition.target, "transition": transition},
        )
        entry["sources"].add(_state(transition.source))
    result = []
    for name in sorted(by_name):
        entry = by_name[name]
        transition = entry["transition"]
        permission = transition.permission
        custom = transition.custom or {}
        label = custom.get("label") or gettext_lazy(name.replace("_", " ").capitalize())
        target = entry["target"]
        result.append(
            FsmTransition(
                name=name,
                source=tuple(sorted(entry["sources"])),
                target=None if target is None else _state(target),
                label=label,
                permission=permission if isinstance(permission, str) else None,
                per_row_permission=callable(permission),
            )
        )
    return tuple(result)

"""Model field choices as GraphQL enums named after their type and field.

``ProductStatusChoices`` and ``OrderStatusChoices`` never clash, even when both models use the
same choice values. Member names come from text values (``"in_stock"`` -> ``IN_STOCK``) or, for
numbers, from labels (``1, "Low"`` -> ``LOW``); each member's description is the choice's label.
"""

from __future__ import annotations

import enum
import re
from typing import Any

import graphene
from django.db.models import Field

_NOT_NAME = re.compile(r"[^0-9A-Za-z_]+")


def member_name(value: Any, label: Any = None) -> str:
    """A GraphQL enum member name for a choice: from its stored value when that is text
    (``"in_stock"`` -> ``IN_STOCK``), else from its label (``1, "Low"`` -> ``LOW``)."""
    source = value if isinstance(value, str) or label is None else label
    name = _NOT_NAME.sub("_", str(source)).strip("_").upper()
    if not name:
        return "EMPTY"
    if name[0].isdigit():
        return f"V_{name}"
    return name


def choice_enum(type_name: str, field: Field, field_pascal: str) -> type[graphene.Enum]:
    """The enum of ``field``'s (flattened) choices, named ``<Type><Field>Choices``."""
    members: dict[str, Any] = {}
    labels: dict[Any, str] = {}
    for value, label in field.flatchoices:
        if value is None or value == "":
            continue  # the blank choice is served as null
        name = member_name(value, label)
        candidate, counter = name, 2
        while candidate in members:
            candidate, counter = f"{name}_{counter}", counter + 1
        members[candidate] = value
        labels[value] = str(label)
    python_enum = enum.Enum(f"{type_name}{field_pascal}Choices", members)
    summary = f"Choices of {type_name}.{field.name}."

    def describe(member: Any) -> str:
        # graphene calls this with each member for its description, and with None for the enum's.
        return summary if member is None else labels.get(member.value, "")

    return graphene.Enum.from_enum(python_enum, description=describe)

"""The fields of a model by the name the API uses for them, including reverse relations.

Reverse relations are named by their accessor (``related_name``, or ``<model>_set``), which is
what a Django user writes in ``obj.<accessor>`` and in ``GraphQLMeta`` field lists.

Part of core's public API: extensions may import this module (see the core README).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from django.db.models import Field, ForeignObjectRel, Model


def field_name(field: Any) -> str:
    """The API name of a model field: its name, or its accessor for a reverse relation."""
    if isinstance(field, ForeignObjectRel):
        return field.get_accessor_name() or field.name
    return field.name


@cache
def field_map(model: type[Model]) -> Mapping[str, Any]:
    """Every field of ``model`` (forward, many-to-many and reverse) by API name, in model order.

    Hidden reverse relations (``related_name="+"``) and generic foreign keys are left out.
    """
    fields: dict[str, Any] = {}
    for field in model._meta.get_fields(include_hidden=False):
        if not isinstance(field, (Field, ForeignObjectRel)):
            continue  # GenericForeignKey and other virtual fields
        if isinstance(field, ForeignObjectRel) and field.hidden:
            continue
        fields[field_name(field)] = field
    return MappingProxyType(fields)


def is_python_property(model: type[Model], name: str) -> bool:
    """Is ``name`` a ``@property`` (or ``cached_property``) of ``model``?"""
    from django.utils.functional import cached_property

    for klass in model.__mro__:
        if name in vars(klass):
            return isinstance(vars(klass)[name], (property, cached_property))
    return False

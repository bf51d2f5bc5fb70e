"""Forbids introspection (``__schema`` and ``__type``) when ``enable_introspection`` is off."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from graphql import FieldNode, GraphQLError, ValidationRule

from rail_django.contracts.error_codes import ErrorCode

__all__ = ["NoSchemaIntrospection"]

_FORBIDDEN = frozenset({"__schema", "__type"})


class NoSchemaIntrospection(ValidationRule):
    """A document must not select ``__schema`` or ``__type``.

    ``__typename`` stays allowed: clients (Apollo's cache, union handling) need it and it reveals
    nothing beyond the type of an object already returned. The rule visits every field, including
    those inside fragments, so a fragment cannot smuggle introspection in.
    """

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        name = node.name.value
        if name in _FORBIDDEN:
            self.report_error(
                GraphQLError(
                    gettext(
                        "Introspection is disabled for this schema: '%(name)s' cannot be queried."
                    )
                    % {"name": name},
                    node,
                    extensions={"code": ErrorCode.INTROSPECTION_DISABLED},
                )
            )

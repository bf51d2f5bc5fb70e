"""The errors a mutation reports in its payload: ``{ field, message, code }``.

``field`` is the path to the offending input, in the schema's names, relative to ``input`` for
single-object mutations (``name``, ``itemsCreate.2.quantity``; ``id`` for the object's id) and
starting with the argument name for bulk mutations (``inputs.2.name``, ``ids.3``); it is null
for an error about the whole object. ``code`` is a stable ``RAIL_GQL_*`` code.

Errors travel as values (:class:`FieldError`) and, to roll a transaction back, inside
:class:`MutationFailed`, which the transaction boundary turns into ``ok: false`` + ``errors``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from rail_django.contracts.error_codes import ErrorCode, format_error_code

#: Django validation codes that mean "another row already holds this value".
CONFLICT_CODES = frozenset({"unique", "unique_together", "unique_for_date", "unique_constraint"})


@dataclass(frozen=True)
class FieldError:
    """One problem with one input, at ``field`` (a dotted path, or ``None`` for the object)."""

    field: str | None
    message: str
    code: ErrorCode = ErrorCode.VALIDATION_FAILED

    def as_dict(self, prefix: str) -> dict[str, Any]:
        return {
            "field": self.field,
            "message": self.message,
            "code": format_error_code(self.code, prefix),
        }


class MutationFailed(Exception):
    """Raised inside a write transaction to roll it back and answer ``ok: false``."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))


def join_path(base: str | None, *parts: Any) -> str | None:
    """``join_path("itemsCreate", 2, "quantity")`` -> ``"itemsCreate.2.quantity"``."""
    items = [str(p) for p in (base, *parts) if p is not None and p != ""]
    return ".".join(items) or None


def validation_errors(
    error: ValidationError, base: str | None, names: Mapping[str, str]
) -> list[FieldError]:
    """Django's ``ValidationError`` as field errors under ``base``; ``names`` maps Django field
    names to their input names (fields missing from it keep their Django name)."""
    if not hasattr(error, "error_dict"):
        return [_field_error(base, e) for e in error.error_list]
    found: list[FieldError] = []
    for name, errors in error.error_dict.items():
        path = base if name == NON_FIELD_ERRORS else join_path(base, names.get(name, name))
        found.extend(_field_error(path, e) for e in errors)
    return found


def _field_error(path: str | None, error: ValidationError) -> FieldError:
    message = " ".join(str(m) for m in error.messages) if error.messages else str(error)
    code = ErrorCode.CONFLICT if error.code in CONFLICT_CODES else ErrorCode.VALIDATION_FAILED
    return FieldError(path, message, code)


class MutationError(graphene.Scalar):
    """A mutation error: ``{"field": "itemsCreate.2.quantity", "message": "...", "code":
    "RAIL_GQL_VALIDATION_FAILED"}``. ``field`` is the path to the input (null: the whole
    object). A scalar, so ``errors`` is selected without a sub-selection, as in the guide."""

    @staticmethod
    def serialize(value: Any) -> dict[str, Any]:
        return dict(value)

    @staticmethod
    def parse_value(value: Any) -> Any:
        raise ValueError("MutationError is an output type.")

    @staticmethod
    def parse_literal(node: Any, _variables: Any = None) -> Any:
        raise ValueError("MutationError is an output type.")

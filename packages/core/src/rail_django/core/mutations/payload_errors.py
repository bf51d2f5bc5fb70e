"""The errors a mutation reports in its payload: ``{ field, message, code }``.

``field`` is the path to the offending input, in the schema's names, relative to ``input`` for
single-object mutations (``name``, ``itemsCreate.2.quantity``; ``id`` for the object's id) and
starting with the argument name for bulk mutations (``inputs.2.name``, ``ids.3``); it is null
for an error about the whole object. ``code`` is a stable ``RAIL_GQL_*`` code.

A field the client may not see (not exposed by the schema, or hidden from this user by a field
rule) never appears in an error: not in ``field``, not in ``message``. Its errors become one
generic error on the object (:class:`ErrorNames`).

Errors travel as values (:class:`FieldError`) and, to roll a transaction back, inside
:class:`MutationFailed`, which the transaction boundary turns into ``ok: false`` + ``errors``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext

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


@dataclass(frozen=True)
class ErrorNames:
    """How the validation errors of one object may name its fields.

    ``shown`` maps the Django names a client may see (its input keys, the fields it may read) to
    their schema names (``unit_price`` -> ``unitPrice``). ``hidden`` maps every other field of the
    model to the words that would give it away (its name, schema name and verbose name): an
    error on such a field, or whose message holds one of those words (a unique-together naming
    it, a constraint named after it), is reported as one generic error on the object.
    A key in neither (one a model's ``clean()`` made up) keeps its own name.
    """

    shown: Mapping[str, str] = field(default_factory=dict)
    hidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def _giveaway(self) -> re.Pattern[str] | None:
        words = sorted({w for ws in self.hidden.values() for w in ws if w}, key=len, reverse=True)
        if not words:
            return None
        alternatives = "|".join(re.escape(w) for w in words)
        return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)

    def path_name(self, name: str) -> str:
        return self.shown.get(name, name)

    def reveals_hidden(self, name: str, error: ValidationError) -> bool:
        """Would reporting ``error`` (under key ``name``) show a hidden field?"""
        if name in self.hidden:
            return True
        params = error.params if isinstance(error.params, Mapping) else {}
        mentioned = {*params.get("unique_check", ()), params.get("field"), params.get("date_field")}
        if any(m in self.hidden for m in mentioned if isinstance(m, str)):
            return True
        pattern = self._giveaway
        return pattern is not None and any(pattern.search(str(m)) for m in error.messages)


def validation_errors(
    error: ValidationError, base: str | None, names: Mapping[str, str] | ErrorNames
) -> list[FieldError]:
    """Django's ``ValidationError`` as field errors under ``base``.

    ``names`` is an :class:`ErrorNames`, or a plain mapping of Django names to input names
    (nothing hidden; fields missing from it keep their Django name). Errors that would show a
    hidden field become one generic error on the object, per code.
    """
    if not isinstance(names, ErrorNames):
        names = ErrorNames(shown=dict(names))
    if hasattr(error, "error_dict"):
        items = [(name, e) for name, errors in error.error_dict.items() for e in errors]
    else:
        items = [(NON_FIELD_ERRORS, e) for e in error.error_list]
    found: list[FieldError] = []
    generic: list[FieldError] = []
    for name, item in items:
        if names.reveals_hidden(name, item):
            fallback = FieldError(base, _hidden_field_message(), _code(item))
            if fallback not in generic:
                generic.append(fallback)
            continue
        path = base if name == NON_FIELD_ERRORS else join_path(base, names.path_name(name))
        found.append(_field_error(path, item))
    return found + generic


def _hidden_field_message() -> str:
    return gettext(
        "This object cannot be saved: a value that is not part of the API is missing or invalid."
    )


def _code(error: ValidationError) -> ErrorCode:
    return ErrorCode.CONFLICT if error.code in CONFLICT_CODES else ErrorCode.VALIDATION_FAILED


def _field_error(path: str | None, error: ValidationError) -> FieldError:
    message = " ".join(str(m) for m in error.messages) if error.messages else str(error)
    return FieldError(path, message, _code(error))


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

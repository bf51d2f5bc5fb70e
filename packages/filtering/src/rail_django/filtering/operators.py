"""The filter operators: their names, their Django lookups, and the field kinds offering them.

An operator's id is snake_case (``istarts_with``); the schema shows it through the schema's
naming (``istartsWith`` with ``auto_camelcase``). ``GraphQLMeta.FilterField(lookups=[...])``
accepts the id, its camelCase form or the Django lookup name (``istartswith``, ``range``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graphene.utils.str_converters import to_snake_case


def _noop(message: str) -> str:
    """Mark ``message`` for the catalogue (makemessages' ``_noop`` keyword) without translating
    it: this table is built at import, before settings may be read; the input builder
    translates each description when the schema is built."""
    return message


class Shape(StrEnum):
    """What an operator's value is."""

    VALUE = "value"  # one value of the field's type
    LIST = "list"  # a list of values of the field's type
    PAIR = "pair"  # exactly two values of the field's type (between)
    BOOL = "bool"  # true / false (is_null)
    TEXT = "text"  # a string whatever the field type (has_key)
    TEXTS = "texts"  # a list of strings (has_keys)
    PART = "part"  # a nested integer filter on a date part (year: {gte: 2020})
    DATE = "date"  # a nested date filter on a datetime's date
    KEYS = "keys"  # JSON key path conditions


@dataclass(frozen=True)
class Operator:
    """One operator: ``lookup`` is the Django lookup; ``negate`` wraps the condition in NOT."""

    id: str
    lookup: str
    shape: Shape
    negate: bool = False
    description: str = ""


def _op(id: str, lookup: str, shape: Shape = Shape.VALUE, negate: bool = False, doc: str = ""):
    return Operator(id, lookup, shape, negate, doc)


OPERATORS: dict[str, Operator] = {
    op.id: op
    for op in (
        _op("eq", "exact", doc=_noop("Equal to.")),
        _op("neq", "exact", negate=True, doc=_noop("Not equal to (null values match).")),
        _op("in", "in", Shape.LIST, doc=_noop("One of these values.")),
        _op("not_in", "in", Shape.LIST, negate=True, doc=_noop("None of these values.")),
        _op("is_null", "isnull", Shape.BOOL, doc=_noop("true: no value; false: has a value.")),
        _op("gt", "gt", doc=_noop("Greater than.")),
        _op("gte", "gte", doc=_noop("Greater than or equal to.")),
        _op("lt", "lt", doc=_noop("Less than.")),
        _op("lte", "lte", doc=_noop("Less than or equal to.")),
        _op("between", "range", Shape.PAIR, doc=_noop("Between two values, both included.")),
        _op("iexact", "iexact", doc=_noop("Equal to, ignoring case.")),
        _op("contains", "contains", doc=_noop("Contains (case-sensitive).")),
        _op("icontains", "icontains", doc=_noop("Contains, ignoring case.")),
        _op("starts_with", "startswith", doc=_noop("Starts with (case-sensitive).")),
        _op("istarts_with", "istartswith", doc=_noop("Starts with, ignoring case.")),
        _op("ends_with", "endswith", doc=_noop("Ends with (case-sensitive).")),
        _op("iends_with", "iendswith", doc=_noop("Ends with, ignoring case.")),
        _op("regex", "regex", doc=_noop("Matches a regular expression (case-sensitive).")),
        _op("iregex", "iregex", doc=_noop("Matches a regular expression, ignoring case.")),
        _op("year", "year", Shape.PART, doc=_noop("The year.")),
        _op("month", "month", Shape.PART, doc=_noop("The month, 1-12.")),
        _op("day", "day", Shape.PART, doc=_noop("The day of the month.")),
        _op(
            "week_day",
            "week_day",
            Shape.PART,
            doc=_noop("Day of the week, 1 = Sunday .. 7 = Saturday."),
        ),
        _op(
            "iso_week_day",
            "iso_week_day",
            Shape.PART,
            doc=_noop("ISO day, 1 = Monday .. 7 = Sunday."),
        ),
        _op("week", "week", Shape.PART, doc=_noop("ISO week number.")),
        _op("quarter", "quarter", Shape.PART, doc=_noop("Quarter of the year, 1-4.")),
        _op("hour", "hour", Shape.PART, doc=_noop("The hour, 0-23.")),
        _op("minute", "minute", Shape.PART, doc=_noop("The minute, 0-59.")),
        _op("date", "date", Shape.DATE, doc=_noop("The date part of a date and time.")),
        _op("has_key", "has_key", Shape.TEXT, doc=_noop("Has this top-level key.")),
        _op("has_keys", "has_keys", Shape.TEXTS, doc=_noop("Has all of these top-level keys.")),
        _op(
            "has_any_keys",
            "has_any_keys",
            Shape.TEXTS,
            doc=_noop("Has at least one of these keys."),
        ),
        _op("json_contains", "contains", doc=_noop("Contains this JSON (PostgreSQL).")),
        _op("contained_by", "contained_by", doc=_noop("Is contained in this JSON (PostgreSQL).")),
        _op("keys", "", Shape.KEYS, doc=_noop("Conditions on values at key paths.")),
    )
}

_EQUALITY = ("eq", "neq", "in", "not_in", "is_null")
_COMPARISON = (*_EQUALITY, "gt", "gte", "lt", "lte", "between")
_DATE_PARTS = ("year", "month", "day", "week_day", "iso_week_day", "week", "quarter")


class Kind(StrEnum):
    """The filter family of a model field; each kind has its operator input type."""

    STRING = "String"
    INT = "Int"
    BIG_INT = "BigInt"
    FLOAT = "Float"
    DECIMAL = "Decimal"
    DATE = "Date"
    DATETIME = "DateTime"
    TIME = "Time"
    DURATION = "Duration"
    BOOLEAN = "Boolean"
    UUID = "UUID"
    ID = "ID"
    CHOICE = "Choice"
    JSON = "JSON"
    PART = "DatePart"
    COUNT = "Count"


#: The operators each kind offers, in the order the input type lists them.
KIND_OPERATORS: dict[Kind, tuple[str, ...]] = {
    Kind.STRING: (
        *_EQUALITY,
        "iexact",
        "contains",
        "icontains",
        "starts_with",
        "istarts_with",
        "ends_with",
        "iends_with",
        "regex",
        "iregex",
    ),
    Kind.INT: _COMPARISON,
    Kind.BIG_INT: _COMPARISON,
    Kind.FLOAT: _COMPARISON,
    Kind.DECIMAL: _COMPARISON,
    Kind.DATE: (*_COMPARISON, *_DATE_PARTS),
    Kind.DATETIME: (*_COMPARISON, "date", *_DATE_PARTS, "hour", "minute"),
    Kind.TIME: (*_COMPARISON, "hour", "minute"),
    Kind.DURATION: _COMPARISON,
    Kind.BOOLEAN: ("eq", "is_null"),
    Kind.UUID: _EQUALITY,
    Kind.ID: _EQUALITY,
    Kind.CHOICE: _EQUALITY,
    Kind.JSON: (
        "eq",
        "is_null",
        "has_key",
        "has_keys",
        "has_any_keys",
        "json_contains",
        "contained_by",
        "keys",
    ),
    Kind.PART: tuple(op for op in _COMPARISON if op != "is_null"),
    Kind.COUNT: tuple(op for op in _COMPARISON if op != "is_null"),
}

#: Django lookup names and other spellings users write in ``FilterField(lookups=...)``.
_ALIASES = {
    "exact": "eq",
    "equals": "eq",
    "ne": "neq",
    "isnull": "is_null",
    "range": "between",
    "startswith": "starts_with",
    "istartswith": "istarts_with",
    "endswith": "ends_with",
    "iendswith": "iends_with",
    "notin": "not_in",
    "nin": "not_in",
    "weekday": "week_day",
    "isoweekday": "iso_week_day",
    "haskey": "has_key",
    "haskeys": "has_keys",
    "hasanykeys": "has_any_keys",
    "containedby": "contained_by",
}


def canonical_operator(name: str, kind: Kind) -> str | None:
    """The operator id ``name`` means for a field of ``kind`` (``None`` when it means none).

    ``contains`` on a JSON field is JSON containment; on a string, substring search.
    """
    snake = to_snake_case(str(name)).lower()
    op_id = _ALIASES.get(snake.replace("_", ""), _ALIASES.get(snake, snake))
    if kind is Kind.JSON and op_id == "contains":
        op_id = "json_contains"
    if op_id not in OPERATORS or op_id not in KIND_OPERATORS[kind]:
        return None
    return op_id


def schema_operator_name(op_id: str, camel: bool) -> str:
    """The input field name of an operator in a schema (``json_contains`` shows as ``contains``)."""
    base = "contains" if op_id == "json_contains" else op_id
    if not camel:
        return base
    head, *rest = base.split("_")
    return head + "".join(part.capitalize() for part in rest)

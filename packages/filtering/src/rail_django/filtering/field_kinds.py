"""Which filter kind a model field belongs to, and how a value given for it is checked.

Values arrive either coerced by GraphQL (dates as ``date``, enums as members) or as the plain
JSON-like values a client puts in variables (``"2024-05-01"``, ``"ACTIVE"``) when the same
``where`` comes through the queryset pipeline from Python. :func:`coercer` accepts both and
refuses anything else with a message naming the expected type.

A value the database could not even compare is refused here too, the same on every database:
text (and JSON strings) holding a NUL character, which PostgreSQL cannot store; a date and time
that leaves years 1-9999 once converted to UTC; a duration past 64-bit microseconds.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from rail_django.core.types import Date, DateTime, Duration, Time, member_name
from rail_django.filtering.operators import Kind

Coercer = Callable[[Any], Any]

#: Most specific class first: subclasses convert like their parents.
_FIELD_KINDS: tuple[tuple[type[models.Field], Kind], ...] = (
    (models.AutoField, Kind.ID),
    (models.BigAutoField, Kind.ID),
    (models.SmallAutoField, Kind.ID),
    (models.BooleanField, Kind.BOOLEAN),
    (models.PositiveBigIntegerField, Kind.BIG_INT),
    (models.BigIntegerField, Kind.BIG_INT),
    (models.IntegerField, Kind.INT),
    (models.FloatField, Kind.FLOAT),
    (models.DecimalField, Kind.DECIMAL),
    (models.DateTimeField, Kind.DATETIME),
    (models.DateField, Kind.DATE),
    (models.TimeField, Kind.TIME),
    (models.DurationField, Kind.DURATION),
    (models.UUIDField, Kind.UUID),
    (models.JSONField, Kind.JSON),
    (models.CharField, Kind.STRING),  # Email, URL, Slug too
    (models.TextField, Kind.STRING),
    (models.GenericIPAddressField, Kind.STRING),
    (models.FilePathField, Kind.STRING),
)


def field_kind(field: models.Field) -> Kind | None:
    """The kind of a concrete, non-relation field; ``None`` for fields that are not filterable
    (files, binary data, unknown custom fields)."""
    if isinstance(field, (models.FileField, models.BinaryField)):
        return None
    if field.choices and not field.primary_key:
        return Kind.CHOICE
    for field_class, kind in _FIELD_KINDS:
        if isinstance(field, field_class):
            return kind
    return None


class BadValue(ValueError):
    """A value of the wrong type; the message says what was expected."""


def _expect(what: str, value: Any) -> BadValue:
    return BadValue(f"expected {what}, got {value!r}")


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise _expect("a string", value)
    return without_nul(value)


def without_nul(text: str) -> str:
    """``text``, refused when it holds a NUL character or an unpaired surrogate (JSON can spell
    ``"\\ud800"``): no database column can match either, and the driver fails on them."""
    if "\x00" in text:
        raise BadValue(f"text without NUL characters, got {text!r}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadValue("text without unpaired surrogate characters") from None
    return text


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _expect("an integer", value)
    return value


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
        raise _expect("a number", value)
    return float(value)


def _decimal(value: Any) -> decimal.Decimal:
    if isinstance(value, bool):
        raise _expect("a decimal number", value)
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, (int, float, str)):
        try:
            parsed = decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            raise _expect("a decimal number", value) from None
        if parsed.is_finite():
            return parsed
    raise _expect("a decimal number", value)


def _parsed(scalar: Any, native: type, what: str, exclude: type | None = None) -> Coercer:
    def coerce(value: Any) -> Any:
        if isinstance(value, native) and not (exclude and isinstance(value, exclude)):
            return value
        if isinstance(value, str):
            try:
                return scalar.parse_value(value)
            except (ValueError, TypeError):
                pass
        raise _expect(what, value)

    return coerce


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _expect("true or false", value)
    return value


def _uuid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise _expect("a UUID", value)


def _json(value: Any) -> Any:
    if isinstance(value, str):
        return without_nul(value)
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(_string(key)): _json(item) for key, item in value.items()}
    raise _expect("a JSON value", value)


def _datetime_in_range(value: dt.datetime) -> dt.datetime:
    from django.utils import timezone

    try:
        aware = value if timezone.is_aware(value) else timezone.make_aware(value)
        aware.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise _expect("a date and time within years 1-9999 in UTC", value.isoformat()) from None
    return value


def _duration_in_range(value: dt.timedelta) -> dt.timedelta:
    from django.utils.duration import duration_microseconds

    if abs(duration_microseconds(value)) >= 2**63:
        raise _expect("a duration that fits 64-bit microseconds", str(value))
    return value


def _then(first: Coercer, check: Callable[[Any], Any]) -> Coercer:
    return lambda value: check(first(value))


def _id_of(field: models.Field) -> Coercer:
    target = field.target_field if field.is_relation else field

    def coerce(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (str, int, uuid.UUID)):
            raise _expect("an ID", value)
        try:
            return target.to_python(value)
        except ValidationError:
            raise _expect("an ID", value) from None

    return coerce


def _choice_of(field: models.Field) -> Coercer:
    """Enum members (GraphQL), member names (variables) or stored values (Python callers)."""
    by_name: dict[str, Any] = {}
    stored = []
    for value, label in field.flatchoices:
        if value is None or value == "":
            continue
        stored.append(value)
        by_name.setdefault(member_name(value, label), value)

    def coerce(value: Any) -> Any:
        if isinstance(value, enum.Enum):
            value = value.value
            if value in stored:
                return value
        elif isinstance(value, str) and value in by_name:
            return by_name[value]
        elif not isinstance(value, bool) and value in stored:
            return value
        names = ", ".join(by_name)
        raise _expect(f"one of {names}", value)

    return coerce


_COERCERS: dict[Kind, Coercer] = {
    Kind.STRING: _string,
    Kind.INT: _int,
    Kind.BIG_INT: _int,
    Kind.FLOAT: _float,
    Kind.DECIMAL: _decimal,
    Kind.DATE: _parsed(Date, dt.date, "a date (YYYY-MM-DD)", exclude=dt.datetime),
    Kind.DATETIME: _then(
        _parsed(DateTime, dt.datetime, "an ISO 8601 date and time"), _datetime_in_range
    ),
    Kind.TIME: _parsed(Time, dt.time, "a time (HH:MM[:SS])"),
    Kind.DURATION: _then(_parsed(Duration, dt.timedelta, "a duration"), _duration_in_range),
    Kind.BOOLEAN: _bool,
    Kind.UUID: _uuid,
    Kind.JSON: _json,
    Kind.PART: _int,
    Kind.COUNT: _int,
}


def coercer(kind: Kind, field: models.Field | None = None) -> Coercer:
    """The value check of ``kind`` (``field`` is needed for IDs and choices)."""
    if kind is Kind.ID:
        return _id_of(field)
    if kind is Kind.CHOICE:
        return _choice_of(field)
    return _COERCERS[kind]


def display_value(field: models.Field, value: Any) -> str:
    """``value`` as a client writes it: a choice's enum member name, else its text."""
    for stored, label in field.flatchoices or ():
        if stored == value:
            return member_name(stored, label)
    return str(value)


def year_coercer(value: Any) -> int:
    """A date part ``year``: an integer from 1 to 9999 (Django compares years through date
    bounds, which end at year 9999)."""
    year = coercer(Kind.PART)(value)
    if not 1 <= year <= 9999:
        raise BadValue(f"a year between 1 and 9999, got {year!r}")
    return year

"""The custom scalars of ``custom_scalars``: strict parsing, stable serialisation, clear errors.

Extensions that need these scalars (filter inputs, mutation inputs) import them from here, so a
schema holds one type per name. A scalar switched off (``{"enabled": False}``) is served as a
``String`` instead (see :mod:`rail_django.core.types.converters`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import decimal
import json
import re
import uuid
from typing import Any

import graphene
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_duration
from django.utils.duration import duration_iso_string
from graphql import StringValueNode, ValueNode, value_from_ast_untyped
from graphql.language import FloatValueNode, IntValueNode

from rail_django.contracts.error_codes import ErrorCode, RailError


class InvalidScalarValue(RailError, ValueError):
    """A value a scalar refuses: a client error (``INVALID_ARGUMENT``), never an internal one."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ErrorCode.INVALID_ARGUMENT)


def _string_literal(node: ValueNode, scalar: str) -> str:
    if not isinstance(node, StringValueNode):
        raise InvalidScalarValue(f"{scalar} must be given as a string.")
    return node.value


def _require_str(value: Any, scalar: str) -> str:
    if not isinstance(value, str):
        raise InvalidScalarValue(f"{scalar} must be a string, not {type(value).__name__}.")
    return value


class DateTime(graphene.Scalar):
    """An ISO 8601 date and time (``2024-05-01T12:30:00+00:00``). Values without an offset are
    read in the server's current time zone."""

    @staticmethod
    def serialize(value: Any) -> str:
        if not isinstance(value, dt.datetime):
            raise ValueError(f"DateTime cannot represent {type(value).__name__}.")
        return value.isoformat()

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> dt.datetime:
        return cls.parse_value(_string_literal(node, "DateTime"))

    @staticmethod
    def parse_value(value: Any) -> dt.datetime:
        text = _require_str(value, "DateTime")
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise InvalidScalarValue(f"DateTime must be ISO 8601 (got {text!r}).") from None
        if settings.USE_TZ and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed


class Date(graphene.Scalar):
    """An ISO 8601 calendar date (``2024-05-01``)."""

    @staticmethod
    def serialize(value: Any) -> str:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValueError(f"Date cannot represent {type(value).__name__}.")
        return value.isoformat()

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> dt.date:
        return cls.parse_value(_string_literal(node, "Date"))

    @staticmethod
    def parse_value(value: Any) -> dt.date:
        text = _require_str(value, "Date")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise InvalidScalarValue(f"Date must be YYYY-MM-DD (got {text!r}).")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidScalarValue(f"Date {text!r} does not exist.") from None


class Time(graphene.Scalar):
    """An ISO 8601 time of day (``13:45:00``)."""

    @staticmethod
    def serialize(value: Any) -> str:
        if not isinstance(value, dt.time):
            raise ValueError(f"Time cannot represent {type(value).__name__}.")
        return value.isoformat()

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> dt.time:
        return cls.parse_value(_string_literal(node, "Time"))

    @staticmethod
    def parse_value(value: Any) -> dt.time:
        text = _require_str(value, "Time")
        try:
            return dt.time.fromisoformat(text)
        except ValueError:
            raise InvalidScalarValue(
                f"Time must be ISO 8601, HH:MM[:SS[.ffffff]] (got {text!r})."
            ) from None


class JSON(graphene.Scalar):
    """Any JSON value (object, array, string, number, boolean or null), served as is."""

    @staticmethod
    def serialize(value: Any) -> Any:
        return value

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> Any:
        return value_from_ast_untyped(node, _variables)

    @staticmethod
    def parse_value(value: Any) -> Any:
        return value


class UUID(graphene.Scalar):
    """A UUID in its canonical hyphenated form."""

    @staticmethod
    def serialize(value: Any) -> str:
        if isinstance(value, uuid.UUID):
            return str(value)
        return str(UUID.parse_value(value))

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> uuid.UUID:
        return cls.parse_value(_string_literal(node, "UUID"))

    @staticmethod
    def parse_value(value: Any) -> uuid.UUID:
        text = _require_str(value, "UUID")
        try:
            return uuid.UUID(text)
        except ValueError:
            raise InvalidScalarValue(f"UUID is not valid (got {text!r}).") from None


def _validated(value: Any, scalar: str, validator: Any) -> str:
    text = _require_str(value, scalar)
    try:
        validator(text)
    except ValidationError:
        raise InvalidScalarValue(f"{scalar} is not valid (got {text!r}).") from None
    return text


class Email(graphene.Scalar):
    """An email address, validated as Django's ``EmailField`` does."""

    serialize = staticmethod(str)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> str:
        return cls.parse_value(_string_literal(node, "Email"))

    @staticmethod
    def parse_value(value: Any) -> str:
        return _validated(value, "Email", EmailValidator())


class URL(graphene.Scalar):
    """An absolute http(s)/ftp(s) URL, validated as Django's ``URLField`` does."""

    serialize = staticmethod(str)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> str:
        return cls.parse_value(_string_literal(node, "URL"))

    @staticmethod
    def parse_value(value: Any) -> str:
        return _validated(value, "URL", URLValidator())


_PHONE_SEPARATORS = re.compile(r"[\s().-]")
_E164 = re.compile(r"\+[1-9]\d{6,14}")


class Phone(graphene.Scalar):
    """An international phone number, returned in E.164 form (``+33612345678``).

    Spaces, dots, dashes and brackets are accepted as separators and removed.
    """

    serialize = staticmethod(str)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> str:
        return cls.parse_value(_string_literal(node, "Phone"))

    @staticmethod
    def parse_value(value: Any) -> str:
        text = _require_str(value, "Phone")
        compact = _PHONE_SEPARATORS.sub("", text)
        if not _E164.fullmatch(compact):
            raise InvalidScalarValue(
                f"Phone must be international, like +33612345678 (got {text!r})."
            )
        return compact


class Decimal(graphene.Scalar):
    """An exact decimal number, served as a string (``"12.50"``) so no precision is lost.

    Accepted as a string or a number literal; NaN and infinities are refused.
    """

    @staticmethod
    def serialize(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (decimal.Decimal, int)):
            raise ValueError(f"Decimal cannot represent {type(value).__name__}.")
        return str(value)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> decimal.Decimal:
        if isinstance(node, (StringValueNode, IntValueNode, FloatValueNode)):
            return cls._from_text(node.value)
        raise InvalidScalarValue("Decimal must be given as a string or a number.")

    @classmethod
    def parse_value(cls, value: Any) -> decimal.Decimal:
        if isinstance(value, bool):
            raise InvalidScalarValue("Decimal must be a string or a number, not bool.")
        if isinstance(value, (int, float, str)):
            # A float from JSON variables is read through its shortest repr ("12.5").
            return cls._from_text(str(value))
        raise InvalidScalarValue(
            f"Decimal must be a string or a number, not {type(value).__name__}."
        )

    @staticmethod
    def _from_text(text: str) -> decimal.Decimal:
        try:
            number = decimal.Decimal(text.strip())
        except decimal.InvalidOperation:
            raise InvalidScalarValue(f"Decimal is not a number (got {text!r}).") from None
        if not number.is_finite():
            raise InvalidScalarValue(f"Decimal must be finite (got {text!r}).")
        return number


class Binary(graphene.Scalar):
    """Bytes, as standard base64 text."""

    @staticmethod
    def serialize(value: Any) -> str:
        if isinstance(value, memoryview):
            value = value.tobytes()
        if not isinstance(value, (bytes, bytearray)):
            raise ValueError(f"Binary cannot represent {type(value).__name__}.")
        return base64.b64encode(bytes(value)).decode("ascii")

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> bytes:
        return cls.parse_value(_string_literal(node, "Binary"))

    @staticmethod
    def parse_value(value: Any) -> bytes:
        text = _require_str(value, "Binary")
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidScalarValue("Binary must be standard base64 text.") from None


class Duration(graphene.Scalar):
    """A time span as ISO 8601 (``P1DT02H00M00S``); Django's ``HH:MM:SS`` form is accepted too."""

    @staticmethod
    def serialize(value: Any) -> str:
        if not isinstance(value, dt.timedelta):
            raise ValueError(f"Duration cannot represent {type(value).__name__}.")
        return duration_iso_string(value)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> dt.timedelta:
        return cls.parse_value(_string_literal(node, "Duration"))

    @staticmethod
    def parse_value(value: Any) -> dt.timedelta:
        parsed = parse_duration(_require_str(value, "Duration"))
        if parsed is None:
            raise InvalidScalarValue(f"Duration must be ISO 8601, like P1DT2H (got {value!r}).")
        return parsed


#: The scalars ``custom_scalars`` switches, by settings name.
CUSTOM_SCALARS: dict[str, type[graphene.Scalar]] = {
    "DateTime": DateTime,
    "Date": Date,
    "Time": Time,
    "JSON": JSON,
    "UUID": UUID,
    "Email": Email,
    "URL": URL,
    "Phone": Phone,
    "Decimal": Decimal,
    "Binary": Binary,
}


def _iso(value: Any) -> str:
    return value.isoformat()


def _binary_text(value: Any) -> str:
    return Binary.serialize(value)


#: How a value is written as a ``String`` when its scalar is switched off.
STRING_FALLBACKS: dict[str, Any] = {
    "DateTime": _iso,
    "Date": _iso,
    "Time": _iso,
    "JSON": lambda value: json.dumps(value, sort_keys=True, default=str),
    "UUID": str,
    "Email": str,
    "URL": str,
    "Phone": str,
    "Decimal": str,
    "Binary": _binary_text,
}

__all__ = [
    "CUSTOM_SCALARS",
    "InvalidScalarValue",
    "JSON",
    "URL",
    "UUID",
    "Binary",
    "Date",
    "DateTime",
    "Decimal",
    "Duration",
    "Email",
    "Phone",
    "Time",
]

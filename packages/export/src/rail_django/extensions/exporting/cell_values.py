"""Turning database values into cell values: typed for XLSX, text for CSV, never a formula.

Formula injection (OWASP): a spreadsheet runs a cell whose text starts with ``= + - @``, a tab or a
carriage return. Such text is prefixed with ``'`` (shown as text by Excel, LibreOffice and Google
Sheets). Numbers, dates and booleans are typed cells, so a negative number is never touched.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Callable
from typing import Any

from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(text: str) -> str:
    """``text`` prefixed with ``'`` when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _naive(value: dt.datetime) -> dt.datetime:
    # Spreadsheets have no time zones: aware values are shown in the site's current zone.
    if timezone.is_aware(value):
        return timezone.make_naive(value, timezone.get_current_timezone())
    return value


def xlsx_value(value: Any, escape: bool) -> Any:
    """What openpyxl writes for ``value``: numbers, dates and booleans stay typed."""
    if value is None or isinstance(value, (bool, int, float, decimal.Decimal)):
        return value
    if isinstance(value, dt.datetime):
        return _naive(value)
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return value
    text = _text(value)
    return neutralise(text) if escape else text


def csv_value(value: Any, escape: bool) -> Any:
    """The text of ``value`` in a CSV cell (ISO dates, ``true``/``false``, empty for null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = _text(value)
    return neutralise(text) if escape else text


#: Field types whose values ``csv.writer`` already writes as wanted (numbers, ISO dates, empty
#: for null): no conversion per cell.
_CSV_AS_IS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "DecimalField",
    "FloatField",
    "DateField",
    "ForeignKey",
    "OneToOneField",
}
_CSV_TEXT = {"CharField", "TextField", "EmailField", "SlugField", "URLField"}


def _escaped_text(value: Any) -> Any:
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _generic(escape: bool) -> Callable[[Any], Any]:
    return lambda value: csv_value(value, escape)


def csv_converter(internal_type: str | None, escape: bool) -> Callable[[Any], Any] | None:
    """The per-cell conversion of a column of ``internal_type`` (``None``: write as is).

    Chosen once per column so the hot loop does no type dispatch for numbers and dates;
    ``None`` (an unknown or mixed column) converts each value with :func:`csv_value`.
    """
    if internal_type in _CSV_AS_IS:
        return None
    if internal_type in _CSV_TEXT:
        return _escaped_text if escape else None
    return _generic(escape)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)

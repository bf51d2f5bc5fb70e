"""Django models to GraphQL types: scalars, field conversion, choices, files, relations.

Public API (extensions may import these names from here): the scalars, :class:`StoredFile`,
:class:`Upload`, :class:`ScalarConverter` (a model field to its scalar under a schema's
``custom_scalars``),
:func:`choice_enum` and :func:`member_name` (a choice field's GraphQL enum and member names).
"""

from rail_django.core.types.choices import choice_enum, member_name
from rail_django.core.types.converters import ScalarConverter
from rail_django.core.types.files import StoredFile
from rail_django.core.types.scalars import (
    JSON,
    URL,
    UUID,
    Binary,
    Date,
    DateTime,
    Decimal,
    Duration,
    Email,
    Phone,
    Time,
)
from rail_django.core.types.upload import OversizedFile, Upload

__all__ = [
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
    "ScalarConverter",
    "StoredFile",
    "Time",
    "Upload",
    "OversizedFile",
    "choice_enum",
    "member_name",
]

"""Django models to GraphQL types: scalars, field conversion, choices, files, relations."""

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
    "StoredFile",
    "Time",
]

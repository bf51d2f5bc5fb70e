"""What happens to the text of mutation inputs before it is stored: the input cleaner.

Core's generated mutations (create, update, bulk, nested inputs, method mutations' ``str``
arguments) hand every text value of their input to the active :class:`InputCleaner`, one field
at a time, before it is assigned to a model or passed to a method. The cleaner answers, per value,
the text to store (the value itself, a cleaned or truncated copy) or a :class:`TextRefusal`,
which core reports as a payload error at the field's path (``inputs.2.title``) and which rolls
the whole mutation back.

Core asks :meth:`InputCleaner.for_schema` once per mutation call: ``None`` means "store text as
given" and costs nothing per value. The default, :class:`StoreAsGiven`, always says so.
rail-django-security installs its HTML sanitiser from its app's ``ready()``
(``security_settings.enable_input_validation``); core skips the cleaner entirely for a schema
whose ``middleware_settings.enable_validation_middleware`` is off.

What core hands over: the value of a text model field (``CharField``, ``TextField`` and their
subclasses) or of a method argument annotated ``str`` / ``list[str]``. JSON fields and ids are
never handed over. ``name`` is the Django field or argument name, so a cleaner can recognise
secrets (:func:`looks_secret`) and leave them unaltered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.service_slot import ServiceSlot

if TYPE_CHECKING:
    from rail_django.contracts.schema_runtime import SchemaRuntime

__all__ = [
    "InputCleaner",
    "StoreAsGiven",
    "TextCleaner",
    "TextRefusal",
    "input_cleaner",
    "looks_secret",
]

#: Words that make a field or argument name a secret (``password``, ``new_password``,
#: ``client_secret``, ``passphrase``): its value is a credential and must reach the model
#: byte for byte (a cleaned password would no longer match the one the user typed).
SECRET_NAME_WORDS = ("password", "passwd", "passphrase", "secret")


def looks_secret(name: str) -> bool:
    """Whether ``name`` (a field or argument name) names a credential.

    >>> looks_secret("new_password"), looks_secret("clientSecret"), looks_secret("title")
    (True, True, False)
    """
    lowered = name.lower()
    return any(word in lowered for word in SECRET_NAME_WORDS)


@dataclass(frozen=True)
class TextRefusal:
    """A text value that must not be stored: why (translated, safe to show) and the code."""

    message: str
    code: ErrorCode = ErrorCode.INVALID_ARGUMENT


@runtime_checkable
class TextCleaner(Protocol):
    """Cleans the text values of one schema's mutation inputs (made by :class:`InputCleaner`)."""

    def clean(self, value: str, *, name: str) -> str | TextRefusal:
        """The text to store for ``value`` of the field or argument ``name``, or a refusal.
        Must not raise."""
        ...


@runtime_checkable
class InputCleaner(Protocol):
    """Decides, per schema, how the text of mutation inputs is cleaned (module docstring)."""

    def for_schema(self, runtime: SchemaRuntime) -> TextCleaner | None:
        """The cleaner of ``runtime``'s schema, or ``None`` to store text as given."""
        ...


class StoreAsGiven:
    """The default: text is stored exactly as the client sent it."""

    def for_schema(self, runtime: SchemaRuntime) -> TextCleaner | None:
        return None


#: The active input cleaner (``input_cleaner.get()``); security installs its HTML sanitiser.
input_cleaner: ServiceSlot[InputCleaner] = ServiceSlot(
    "input_cleaner", StoreAsGiven, protocol=InputCleaner
)

"""Input sanitising of mutation text (``security_settings.enable_input_validation``).

:class:`SchemaInputSanitiser` is installed into the contracts' ``input_cleaner`` slot by the
security app's ``ready()`` (:func:`install_input_sanitising`). Per schema it answers ``None``
(store text as given) when ``enable_input_validation`` is off, else a
:class:`~rail_django.security.input_sanitising.text_sanitiser.TextSanitiser` built once per set
of settings. ``enable_sql_injection_protection`` needs no code here: core writes every value
through the ORM, as a query parameter, never into SQL text, so no word is ever refused.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rail_django.contracts.input_cleaning import input_cleaner
from rail_django.security.input_sanitising.text_sanitiser import (
    SanitiserOptions,
    TextSanitiser,
)

__all__ = ["SchemaInputSanitiser", "TextSanitiser", "install_input_sanitising"]

_OWNER = "rail_django.security"


@lru_cache(maxsize=64)
def _sanitiser(options: SanitiserOptions) -> TextSanitiser:
    return TextSanitiser(options)


class SchemaInputSanitiser:
    """The contracts' ``InputCleaner``: each schema's sanitiser, from its security settings."""

    def for_schema(self, runtime: Any) -> TextSanitiser | None:
        values = runtime.settings["security_settings"]
        if not values["enable_input_validation"]:
            return None
        return _sanitiser(SanitiserOptions.from_settings(values))


def install_input_sanitising() -> None:
    """Make the sanitiser the mutations' input cleaner (once; a second call is a no-op)."""
    if input_cleaner.owner != _OWNER:
        input_cleaner.install(SchemaInputSanitiser(), owner=_OWNER)

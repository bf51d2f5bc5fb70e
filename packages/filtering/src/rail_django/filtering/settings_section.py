"""The ``filtering_settings`` section of ``RAIL_DJANGO_GRAPHQL`` (and of each schema's entry).

Every key with its default::

    RAIL_DJANGO_GRAPHQL = {
        "filtering_settings": {
            # Deepest nesting of AND/OR/NOT and relation filters in one `where` (root = 1)
            "max_depth": 6,
            # Most operator conditions (plus relation filters) in one `where`
            "max_conditions": 50,
            # Most values in one `in` / `notIn` / `hasKeys` list
            "max_list_values": 500,
            # Longest pattern accepted by `regex` / `iregex`
            "max_regex_length": 200,
            # Longest `quick` search text, and how many words of it are used
            "quick_max_length": 200,
            "quick_max_terms": 8,
            # Use PostgreSQL full-text search for `quick` (LIKE elsewhere, or when off)
            "full_text_search": True,
            # The text search configuration of the search vector (match your GIN index)
            "full_text_config": "simple",
        },
    }

Whether filters exist at all is decided by the guide's own keys:
``type_generation_settings.generate_filters`` / ``enable_filtering`` and
``query_settings.generate_filters``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rail_django.contracts.settings_registry import SettingsSection, settings_registry

DEFAULTS: Mapping[str, Any] = {
    "max_depth": 6,
    "max_conditions": 50,
    "max_list_values": 500,
    "max_regex_length": 200,
    "quick_max_length": 200,
    "quick_max_terms": 8,
    "full_text_search": True,
    "full_text_config": "simple",
}

#: The settings reference's text for each key.
_DESCRIPTIONS = {
    "max_depth": _("Deepest nesting of AND/OR/NOT and relation filters in one `where`."),
    "max_conditions": _("Most conditions (and relation filters) in one `where`."),
    "max_list_values": _("Most values in one `in` / `notIn` / `hasKeys` list."),
    "max_regex_length": _("Longest `regex` / `iregex` pattern (0: regex filters off)."),
    "quick_max_length": _("Longest `quick` search text."),
    "quick_max_terms": _("Most words of a `quick` search that are used."),
    "full_text_search": _("Use PostgreSQL full-text search for `quick` (LIKE elsewhere)."),
    "full_text_config": _("Text search configuration of the search vector."),
}

_POSITIVE = (
    "max_depth",
    "max_conditions",
    "max_list_values",
    "quick_max_length",
    "quick_max_terms",
)


def _positive_limits(values: Mapping[str, Any]) -> Iterable[str]:
    for key in _POSITIVE:
        if values[key] < 1:
            yield gettext("%(key)s must be 1 or more (got %(value)s)") % {
                "key": key,
                "value": values[key],
            }
    if values["max_regex_length"] < 0:
        yield gettext("max_regex_length must be 0 (regex off) or more")
    if not str(values["full_text_config"]).strip():
        yield gettext("full_text_config must name a text search configuration")


FILTERING_SETTINGS = SettingsSection(
    name="filtering_settings",
    defaults=DEFAULTS,
    validators=(_positive_limits,),
    owner="rail_django.filtering",
)


def register_settings() -> None:
    """Declare the section (called from the app's ``ready()``)."""
    settings_registry.register(FILTERING_SETTINGS)
    settings_registry.describe("filtering_settings", _DESCRIPTIONS)


def filters_enabled(settings: Any) -> bool:
    """Do the schema's settings turn filtering on? All three guide switches must be on."""
    types = settings["type_generation_settings"]
    query = settings["query_settings"]
    return bool(
        types["generate_filters"] and types["enable_filtering"] and query["generate_filters"]
    )

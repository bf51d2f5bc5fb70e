"""``default_template_config`` as page CSS.

The rules are given to WeasyPrint as a user-agent-level stylesheet, so a template's own
``@page`` and ``body`` rules win over them (author styles beat user-agent styles).
Long tables repeat their ``<thead>`` on every page (WeasyPrint does this for
``display: table-header-group``, the default of ``thead``) and page numbers come from the
``counter(page)`` / ``counter(pages)`` rules below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Page sizes and lengths are CSS tokens: letters, digits, dots, spaces and percent signs only,
# so a setting can never close the rule and inject other CSS.
_TOKEN = re.compile(r"^[A-Za-z0-9 .%-]{1,40}$")
_FONT = re.compile(r"^[A-Za-z0-9 ,'\"-]{1,120}$")


def _token(value: Any, name: str, pattern: re.Pattern[str] = _TOKEN) -> str:
    text = str(value)
    if not pattern.match(text):
        raise ValueError(f"default_template_config[{name!r}] is not a CSS value: {text!r}")
    return text


def page_css(config: Mapping[str, Any], *, numbered: bool = True) -> str:
    """The stylesheet for ``config`` (``page_size``, ``margin``, ``font_family``), with
    ``page / pages`` in the bottom-right margin when ``numbered``."""
    size = _token(config.get("page_size", "A4"), "page_size")
    margin = _token(config.get("margin", "2cm"), "margin")
    font = _token(config.get("font_family", "Helvetica"), "font_family", _FONT)
    numbers = " @bottom-right { content: counter(page) ' / ' counter(pages); font-size: 9pt; }"
    return (
        f"@page {{ size: {size}; margin: {margin};{numbers if numbered else ''} }}\n"
        f"body {{ font-family: {font}; }}\n"
        "thead { display: table-header-group; }\n"
        "tr { break-inside: avoid; }\n"
    )

"""One schema's text sanitiser: an HTML allow-list (nh3) and a length cap, per value.

Plain text is stored byte for byte. nh3 parses and re-serialises what it cleans, which escapes
``&``, ``<`` and ``>``, so it runs only on text that holds markup: text without ``<`` cannot
hold a tag, a comment or any other markup and is never parsed; text with ``<`` is asked
``nh3.is_html`` (the parser's own answer: ``"<3 love"`` and ``"2 < 3"`` are text,
``"<b>"`` is markup). Only text that holds markup is cleaned.

What markup becomes:

- ``input_allow_html`` off (the default): every tag and comment is removed; the contents of
  ``<script>``, ``<style>``, ``<iframe>`` and the like are removed with them, other contents
  stay as text. ``&`` and ``>`` are written back as themselves, ``<`` stays ``&lt;`` so the
  stored text can never open a tag again.
- ``input_allow_html`` on: the allow-listed tags and attributes survive, as the sanitiser writes
  them (valid, escaped HTML); event-handler attributes, ``javascript:`` and other unsafe URLs are
  removed; links get ``rel="noopener noreferrer"``.

``input_failure_severity`` decides whether markup is cleaned or refused: the markup finding has
severity ``medium``, so ``low`` and ``medium`` refuse it (``RAIL_GQL_MARKUP_REFUSED``), ``high``
(the default) and ``critical`` clean it. A text longer than ``input_max_string_length`` (severity
``high``) is refused (``RAIL_GQL_STRING_TOO_LONG``) unless ``input_truncate_long_strings`` cuts
it. Secrets (:func:`~rail_django.contracts.input_cleaning.looks_secret`) are never altered: no
cleaning, no truncation; only the length cap refuses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import nh3
from django.utils.translation import gettext, ngettext

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.input_cleaning import TextRefusal, looks_secret

SEVERITIES = ("low", "medium", "high", "critical")
#: How serious markup is: refused at or below this threshold, cleaned above it.
MARKUP_SEVERITY = "medium"

#: Tags removed with everything inside them (a script's text is not content).
_CONTENT_TAGS = frozenset(
    {"script", "style", "iframe", "noscript", "template", "object", "embed", "noembed", "xmp"}
)
#: Tags never kept, even when allow-listed (the system check refuses listing them).
_SCRIPT_TAGS = frozenset({"script", "style"})
#: What nh3 escapes in text that may be written back: ``<`` stays escaped (it could open a tag).
_TEXT_ENTITIES = re.compile(r"&(amp|gt|nbsp);")
_UNESCAPED = {"amp": "&", "gt": ">", "nbsp": "\xa0"}


@dataclass(frozen=True)
class SanitiserOptions:
    """The ``security_settings`` keys a sanitiser acts on, hashable (one sanitiser per set)."""

    xss_protection: bool
    allow_html: bool
    allowed_tags: frozenset[str]
    allowed_attributes: tuple[tuple[str, frozenset[str]], ...]
    max_length: int | None
    truncate: bool
    refuse_markup: bool
    scan_limit: int

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> SanitiserOptions:
        threshold = str(values["input_failure_severity"])
        attributes: Mapping[str, Iterable[str]] = values["input_allowed_html_attributes"]  # type: ignore[assignment]
        return cls(
            xss_protection=bool(values["enable_xss_protection"]),
            allow_html=bool(values["input_allow_html"]),
            allowed_tags=frozenset(values["input_allowed_html_tags"]),  # type: ignore[arg-type]
            allowed_attributes=tuple(
                sorted((tag, frozenset(names)) for tag, names in attributes.items())
            ),
            max_length=values["input_max_string_length"],  # type: ignore[arg-type]
            truncate=bool(values["input_truncate_long_strings"]),
            # An unknown severity (a system-check error) acts as the strictest one.
            refuse_markup=(SEVERITIES.index(threshold) if threshold in SEVERITIES else 0)
            <= SEVERITIES.index(MARKUP_SEVERITY),
            scan_limit=int(values["input_pattern_scan_limit"]),  # type: ignore[call-overload]
        )


class TextSanitiser:
    """The contracts' ``TextCleaner`` for one set of :class:`SanitiserOptions`."""

    def __init__(self, options: SanitiserOptions) -> None:
        self.options = options
        tags = set(options.allowed_tags) - _SCRIPT_TAGS if options.allow_html else set()
        attributes = dict(options.allowed_attributes) if options.allow_html else {}
        self._nh3 = nh3.Cleaner(
            tags=tags,
            clean_content_tags=set(_CONTENT_TAGS - tags),
            # What the system check refuses is left out here too, so a schema started with
            # checks silenced never keeps an event handler (nor makes nh3 refuse ``rel``).
            attributes={
                tag: {n for n in names if not n.lower().startswith("on") and n.lower() != "rel"}
                for tag, names in attributes.items()
            },
            strip_comments=True,
        )

    def clean(self, value: str, *, name: str) -> str | TextRefusal:
        """The text to store for ``value`` of field ``name``, or why it is refused."""
        cap = self.options.max_length
        if cap is not None and len(value) > cap:
            if not self.options.truncate or looks_secret(name):
                return _too_long(cap, len(value))
            value = value[:cap]
        if not self.options.xss_protection:
            return value
        cleaned = self._without_markup(value)
        if cleaned == value or looks_secret(name):
            return value  # plain text (the common case: no name check), or a secret
        if self.options.refuse_markup:
            return TextRefusal(
                gettext("This text contains HTML markup that is not allowed."),
                ErrorCode.MARKUP_REFUSED,
            )
        if cap is not None and len(cleaned) > cap:
            # Escaping grew the text past the cap (``&`` -> ``&amp;`` in HTML).
            if not self.options.truncate:
                return _too_long(cap, len(cleaned))
            cleaned = self._without_markup(cleaned[:cap])
            if len(cleaned) > cap:
                return _too_long(cap, len(cleaned))
        return cleaned

    def _without_markup(self, value: str) -> str:
        """``value`` itself when it holds no markup, else the sanitiser's clean copy."""
        if "<" not in value:
            return value  # no tag, comment or other markup starts without "<"
        if "\x00" in value or not _encodable(value):
            # Core refuses NUL and lone surrogates as unstorable; nh3 would drop the one and
            # cannot read the other, so such text is left for that refusal.
            return value
        if len(value) <= self.options.scan_limit and not nh3.is_html(value):
            return value
        # Markup, or too long to examine (input_pattern_scan_limit): cleaned whole.
        cleaned = self._nh3.clean(value)
        if self.options.allow_html:
            return cleaned
        return _TEXT_ENTITIES.sub(lambda match: _UNESCAPED[match.group(1)], cleaned)


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _too_long(cap: int, length: int) -> TextRefusal:
    message = ngettext(
        "Ensure this text has at most %(limit)d character (it has %(length)d).",
        "Ensure this text has at most %(limit)d characters (it has %(length)d).",
        cap,
    ) % {"limit": cap, "length": length}
    return TextRefusal(message, ErrorCode.STRING_TOO_LONG)

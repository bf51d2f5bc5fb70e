"""Settings sections: each package declares its keys and defaults once, here they are merged.

A schema's effective settings are, per section: the package's defaults, then
``settings.RAIL_DJANGO_GRAPHQL[section]``, then
``settings.RAIL_DJANGO_GRAPHQL_SCHEMAS[name][section]``. The merge is per key: a schema that sets
``query_settings.max_page_size`` keeps every other ``query_settings`` key from the levels below
it. A dict-valued key is replaced whole, never deep-merged, so what a user writes is exactly what
applies.

Mistakes (unknown sections or keys, wrong types, impossible combinations) are reported by
:func:`check_settings` as Django system-check errors with a "did you mean" hint.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.core import checks
from django.utils.translation import gettext as _

GLOBAL_SETTING = "RAIL_DJANGO_GRAPHQL"
SCHEMAS_SETTING = "RAIL_DJANGO_GRAPHQL_SCHEMAS"

#: Accepts any value (used where a key's default is ``None``).
ANY = object

Validator = Callable[[Mapping[str, Any]], Iterable[str]]


def _inferred_type(default: Any) -> type | tuple[type, ...]:
    if default is None:
        return ANY
    if isinstance(default, bool):
        return bool
    if isinstance(default, int):
        return int
    if isinstance(default, float):
        return (int, float)
    if isinstance(default, (list, tuple)):
        return (list, tuple)
    return type(default)


@dataclass(frozen=True)
class SettingsSection:
    """One section of settings with its defaults.

    ``setting`` is the Django setting that holds it: ``RAIL_DJANGO_GRAPHQL`` for the guide's
    per-schema sections (looked up under ``name``), or a top-level setting of its own
    (``RAIL_DJANGO_EXPORT``) with ``name`` equal to the setting. ``types`` overrides the type
    inferred from a default (needed where the default is ``None``). ``validators`` return messages
    for impossible combinations of the merged values.
    """

    name: str
    defaults: Mapping[str, Any]
    setting: str = GLOBAL_SETTING
    types: Mapping[str, type | tuple[type, ...]] = field(default_factory=dict)
    validators: tuple[Validator, ...] = ()
    per_schema: bool = True
    owner: str = ""
    #: Keys accepted for compatibility that do not act yet -> what they wait for. Setting one
    #: away from its default is a system-check warning, never silent.
    inert: Mapping[str, str] = field(default_factory=dict)
    #: For a section with its own top-level ``setting``: the key under ``RAIL_DJANGO_GRAPHQL``
    #: that may hold it too (the guide wires ``RAIL_DJANGO_WEBHOOKS`` in as
    #: ``RAIL_DJANGO_GRAPHQL["webhook_settings"]``); the top-level setting wins key by key.
    global_key: str | None = None

    def type_of(self, key: str) -> type | tuple[type, ...]:
        """The accepted type(s) of ``key``."""
        if key in self.types:
            return self.types[key]
        return _inferred_type(self.defaults[key])


@dataclass(frozen=True)
class SchemaOption:
    """A key that sits directly in a schema's entry (``"enabled": False``), outside any section."""

    name: str
    default: Any
    type: type | tuple[type, ...]


class SettingsRegistry:
    """The settings sections declared by installed packages, and their merged values."""

    def __init__(self) -> None:
        self._sections: dict[str, SettingsSection] = {}
        self._schema_options: dict[str, SchemaOption] = {}
        self._cache: dict[str | None, ResolvedSettings] = {}
        self._code_entries: dict[str, Mapping[str, Any]] = {}
        self._descriptions: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    # -- declaration -------------------------------------------------------------------------
    def register(self, section: SettingsSection) -> SettingsSection:
        """Declare a section. Declaring the same name twice with other defaults is an error."""
        existing = self._sections.get(section.name)
        if existing is not None and existing != section:
            raise ValueError(f"settings section {section.name!r} is already declared")
        self._sections[section.name] = section
        self.clear_cache()
        return section

    def describe(self, section: str, descriptions: Mapping[str, Any]) -> None:
        """Say what each key of ``section`` does (lazy translations welcome): the settings
        reference of the docs is generated from these, and a test fails on a key without one.
        A key the section does not declare is an error, so a description cannot outlive its
        key."""
        declared = self._sections[section].defaults
        unknown = sorted(set(descriptions) - set(declared))
        if unknown:
            raise ValueError(f"{section} declares no key {', '.join(unknown)}")
        self._descriptions.setdefault(section, {}).update(descriptions)

    def description(self, section: str, key: str) -> Any:
        """What ``section.key`` does, or ``None`` when its package did not say."""
        return self._descriptions.get(section, {}).get(key)

    def register_schema_option(self, option: SchemaOption) -> SchemaOption:
        """Declare a key allowed directly in a ``RAIL_DJANGO_GRAPHQL_SCHEMAS`` entry."""
        self._schema_options[option.name] = option
        self.clear_cache()
        return option

    def set_code_entry(self, schema_name: str, entry: Mapping[str, Any] | None) -> None:
        """Settings a schema was registered with in code (``register_schema(...)``).

        They sit between the global level and the schema's ``RAIL_DJANGO_GRAPHQL_SCHEMAS`` entry,
        so an operator's settings file still has the last word. ``None`` removes them.
        """
        if entry is None:
            self._code_entries.pop(schema_name, None)
        else:
            self._code_entries[schema_name] = entry
        self.clear_cache()

    def sections(self) -> tuple[SettingsSection, ...]:
        """Every declared section, in declaration order."""
        return tuple(self._sections.values())

    def section(self, name: str) -> SettingsSection:
        return self._sections[name]

    # -- values ------------------------------------------------------------------------------
    def resolve(self, schema_name: str | None = None) -> ResolvedSettings:
        """The merged settings of ``schema_name`` (``None``: the global level only). Cached until
        Django settings change (``setting_changed``) or :meth:`clear_cache` is called."""
        cached = self._cache.get(schema_name)
        if cached is not None:
            return cached
        with self._lock:
            resolved = self._merge(schema_name)
            self._cache[schema_name] = resolved
            return resolved

    def clear_cache(self) -> None:
        self._cache.clear()

    def schema_names(self) -> tuple[str, ...]:
        """The schema names configured in ``RAIL_DJANGO_GRAPHQL_SCHEMAS``."""
        return tuple(_read_setting(SCHEMAS_SETTING, {}) or {})

    def _merge(self, schema_name: str | None) -> ResolvedSettings:
        global_values = _read_setting(GLOBAL_SETTING, {}) or {}
        schema_entry: Mapping[str, Any] = {}
        code_entry: Mapping[str, Any] = {}
        if schema_name is not None:
            schema_entry = _as_mapping((_read_setting(SCHEMAS_SETTING, {}) or {}).get(schema_name))
            code_entry = _as_mapping(self._code_entries.get(schema_name))
        merged: dict[str, Mapping[str, Any]] = {}
        explicit: dict[str, frozenset[str]] = {}
        for name, section in self._sections.items():
            values = dict(section.defaults)
            if section.setting == GLOBAL_SETTING:
                levels = [_as_mapping(global_values.get(name))]
            else:
                levels = [_as_mapping(_read_setting(section.setting, {}))]
                if section.global_key:
                    levels.insert(0, _as_mapping(global_values.get(section.global_key)))
            if section.per_schema:
                levels += [_as_mapping(code_entry.get(name)), _as_mapping(schema_entry.get(name))]
            for level in levels:
                values.update(level)
            merged[name] = MappingProxyType(values)
            explicit[name] = frozenset(key for level in levels for key in level)
        options = {
            name: schema_entry.get(name, code_entry.get(name, option.default))
            for name, option in self._schema_options.items()
        }
        return ResolvedSettings(
            schema_name,
            MappingProxyType(merged),
            MappingProxyType(options),
            MappingProxyType(explicit),
        )

    # -- checks ------------------------------------------------------------------------------
    def check(self) -> list[checks.CheckMessage]:
        """Every problem in the current Django settings, as system-check messages."""
        problems: list[checks.CheckMessage] = []
        global_values = _read_setting(GLOBAL_SETTING, {})
        if not isinstance(global_values, Mapping):
            return [
                _error(
                    "E001",
                    _("%(where)s must be a dict, not %(type)s")
                    % {"where": GLOBAL_SETTING, "type": _tname(global_values)},
                )
            ]
        own = {n: s for n, s in self._sections.items() if s.setting == GLOBAL_SETTING}
        own.update({s.global_key: s for s in self._sections.values() if s.global_key})
        problems += self._check_level(GLOBAL_SETTING, global_values, own)
        for section in self._sections.values():
            if section.setting != GLOBAL_SETTING:
                values = _read_setting(section.setting, {})
                problems += self._check_section(section.setting, section, values)
        schemas = _read_setting(SCHEMAS_SETTING, {})
        if not isinstance(schemas, Mapping):
            problems.append(
                _error(
                    "E001",
                    _("%(where)s must be a dict of schema entries") % {"where": SCHEMAS_SETTING},
                )
            )
            schemas = {}
        per_schema = {n: s for n, s in self._sections.items() if s.per_schema}
        for schema_name, entry in schemas.items():
            where = f"{SCHEMAS_SETTING}[{schema_name!r}]"
            if not isinstance(entry, Mapping):
                problems.append(
                    _error(
                        "E001",
                        _("%(where)s must be a dict, not %(type)s")
                        % {"where": where, "type": _tname(entry)},
                    )
                )
                continue
            options = {k: v for k, v in entry.items() if k in self._schema_options}
            for key, value in options.items():
                expected = self._schema_options[key].type
                if not _type_ok(value, expected):
                    problems.append(_type_error(f"{where}[{key!r}]", value, expected))
            sections_only = {k: v for k, v in entry.items() if k not in self._schema_options}
            problems += self._check_level(
                where, sections_only, per_schema, extra_names=tuple(self._schema_options)
            )
        if not problems:
            for schema_name in (None, *schemas):
                problems += self._check_combinations(schema_name)
            problems += self._check_inert(tuple(schemas))
        return problems

    def _check_level(
        self,
        where: str,
        values: Mapping[str, Any],
        sections: Mapping[str, SettingsSection],
        extra_names: tuple[str, ...] = (),
    ) -> list[checks.CheckMessage]:
        problems: list[checks.CheckMessage] = []
        for name, section_values in values.items():
            section = sections.get(name)
            if section is None:
                hint = _did_you_mean(name, (*sections, *extra_names))
                message = _("%(where)s: unknown section %(name)r") % {"where": where, "name": name}
                problems.append(_error("E002", message, hint))
                continue
            problems += self._check_section(f"{where}[{name!r}]", section, section_values)
        return problems

    def _check_section(
        self, where: str, section: SettingsSection, values: Any
    ) -> list[checks.CheckMessage]:
        if not isinstance(values, Mapping):
            return [
                _error(
                    "E001",
                    _("%(where)s must be a dict, not %(type)s")
                    % {"where": where, "type": _tname(values)},
                )
            ]
        problems: list[checks.CheckMessage] = []
        for key, value in values.items():
            if key not in section.defaults:
                hint = _did_you_mean(key, section.defaults)
                message = _("%(where)s: unknown key %(key)r") % {"where": where, "key": key}
                problems.append(_error("E003", message, hint))
                continue
            expected = section.type_of(key)
            if not _type_ok(value, expected):
                problems.append(_type_error(f"{where}[{key!r}]", value, expected))
        return problems

    def _check_combinations(self, schema_name: str | None) -> list[checks.CheckMessage]:
        resolved = self._merge(schema_name)
        label = (
            _("global settings")
            if schema_name is None
            else _("schema %(name)r") % {"name": schema_name}
        )
        problems = []
        for name, section in self._sections.items():
            for validator in section.validators:
                for message in validator(resolved.sections[name]):
                    problems.append(_error("E005", f"{label}: {name}: {message}"))
        return problems

    def _check_inert(self, schema_names: tuple[str, ...]) -> list[checks.CheckMessage]:
        """A warning per inert key set away from its default (once, at the level that set it)."""
        global_level = self._merge(None)
        warnings: list[checks.CheckMessage] = []
        for schema_name in (None, *schema_names):
            resolved = global_level if schema_name is None else self._merge(schema_name)
            where = (
                GLOBAL_SETTING
                if schema_name is None
                else _("schema %(name)r") % {"name": schema_name}
            )
            for name, section in self._sections.items():
                for key, waiting_for in section.inert.items():
                    value = resolved.sections[name][key]
                    if value == section.defaults[key]:
                        continue
                    if schema_name is not None and value == global_level.sections[name][key]:
                        continue
                    warnings.append(
                        checks.Warning(
                            _("%(where)s: %(section)s.%(key)s is accepted but has no effect yet.")
                            % {"where": where, "section": name, "key": key},
                            hint=_("It waits for %(feature)s.") % {"feature": waiting_for},
                            id="rail_django.W001",
                        )
                    )
        return warnings


@dataclass(frozen=True)
class ResolvedSettings:
    """The merged, read-only settings of one schema.

    ``resolved["query_settings"]["max_page_size"]`` or ``resolved.value("query_settings",
    "max_page_size")``; ``resolved.option("enabled")`` for a schema-level option.
    """

    schema_name: str | None
    sections: Mapping[str, Mapping[str, Any]]
    options: Mapping[str, Any]
    #: Per section, the keys some settings level gave (not left at the package default).
    explicit: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __getitem__(self, section: str) -> Mapping[str, Any]:
        return self.sections[section]

    def __contains__(self, section: object) -> bool:
        return section in self.sections

    def value(self, section: str, key: str) -> Any:
        return self.sections[section][key]

    def option(self, name: str) -> Any:
        return self.options[name]

    def is_explicit(self, section: str, key: str) -> bool:
        """Whether a settings level (global, code, schema) set ``section.key``, whatever its
        value: production defaults give way only to a key someone wrote."""
        return key in self.explicit.get(section, ())


def _read_setting(name: str, default: Any) -> Any:
    from django.conf import settings

    return getattr(settings, name, default)


def _as_mapping(value: Any) -> Mapping[str, Any]:
    # Invalid shapes are reported by the system checks; merging ignores them so that
    # `manage.py check` can run and say what is wrong.
    return value if isinstance(value, Mapping) else {}


def _type_ok(value: Any, expected: type | tuple[type, ...]) -> bool:
    if expected is ANY:
        return True
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        # bool is an int subclass; True is not a page size.
        return False
    return isinstance(value, types)


def _tname(value: Any) -> str:
    return type(value).__name__


def _type_error(where: str, value: Any, expected: type | tuple[type, ...]) -> checks.Error:
    types = expected if isinstance(expected, tuple) else (expected,)
    wanted = _(" or ").join(t.__name__ for t in types)
    return _error(
        "E004",
        _("%(where)s must be %(wanted)s, not %(type)s (%(value)r)")
        % {"where": where, "wanted": wanted, "type": _tname(value), "value": value},
    )


def _did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(str(name), list(candidates), n=1, cutoff=0.6)
    return _("Did you mean %(name)r?") % {"name": close[0]} if close else None


def _error(code: str, message: str, hint: str | None = None) -> checks.Error:
    return checks.Error(message, hint=hint, id=f"rail_django.{code}")


#: The process-wide registry every package declares its sections in.
settings_registry = SettingsRegistry()


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Django system check over every declared section (registered by the contracts app)."""
    return settings_registry.check()

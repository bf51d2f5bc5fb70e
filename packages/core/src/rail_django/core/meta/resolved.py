"""A model's resolved ``GraphQLMeta``: code merged over ``meta.yaml``, computed once, immutable.

Precedence is per top-level key: a key set on the model's inner class wins over the same key in
the app's meta file; keys set in neither take the defaults. Malformed values are recorded as
problems (reported by the ``rail_django`` system check) and replaced by the default, so a schema
still builds while ``manage.py check`` says what is wrong.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.utils.translation import gettext

from rail_django.core.meta.declarations import (
    INNER_CLASS_NAMES,
    META_KEYS,
    Classification,
    FilterField,
    Filtering,
    Ordering,
)
from rail_django.core.meta.declarations import Fields as FieldsRule
from rail_django.core.meta.meta_files import meta_file_for


@dataclass(frozen=True)
class MetaProblem:
    """One problem in a model's meta: the key (``ordering.allowed``), where it was declared, why."""

    key: str
    message: str
    source: str


@dataclass(frozen=True)
class ResolvedMeta:
    """Everything a model's ``GraphQLMeta`` declares, normalised (tuples, read-only mappings)."""

    fields: FieldsRule = field(default_factory=FieldsRule)
    filtering: Filtering = field(default_factory=Filtering)
    ordering: Ordering = field(default_factory=Ordering)
    classifications: Classification = field(default_factory=Classification)
    field_groups: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    custom_metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    access: Any = None
    field_permissions: Any = None
    guards: Any = None
    #: Where each key came from: ``"code"`` or the meta file's path.
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[MetaProblem, ...] = ()


class _Invalid(ValueError):
    """A malformed value; the message names the sub-key when there is one."""

    def __init__(self, message: str, subkey: str = "") -> None:
        super().__init__(message)
        self.subkey = subkey


def _names(value: Any, subkey: str = "") -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise _Invalid(
            gettext("must be a list of names, not %(type)s") % {"type": type(value).__name__},
            subkey,
        )
    for item in value:
        if not isinstance(item, str) or not item:
            raise _Invalid(
                gettext("must hold non-empty strings, found %(value)r") % {"value": item}, subkey
            )
    return tuple(value)


def _optional_names(value: Any, subkey: str = "") -> tuple[str, ...] | None:
    return None if value is None else _names(value, subkey)


def _mapping(value: Any, subkey: str = "") -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Invalid(
            gettext("must be a mapping, not %(type)s") % {"type": type(value).__name__}, subkey
        )
    return value


def _dataclass_values(value: Any, cls: type, keys: Sequence[str]) -> Mapping[str, Any]:
    """The attributes of ``value`` given as a ``cls`` instance or as a mapping (from a file)."""
    if isinstance(value, cls):
        return {key: getattr(value, key) for key in keys}
    values = _mapping(value)
    unknown = sorted(set(values) - set(keys))
    if unknown:
        raise _Invalid(
            gettext("unknown key(s) %(unknown)s; expected %(known)s")
            % {"unknown": ", ".join(map(repr, unknown)), "known": list(keys)}
        )
    return values


def _fields(value: Any) -> FieldsRule:
    values = _dataclass_values(value, FieldsRule, ("include", "exclude", "read_only"))
    return FieldsRule(
        include=_optional_names(values.get("include"), "include"),
        exclude=_names(values.get("exclude") or (), "exclude"),
        read_only=_names(values.get("read_only") or (), "read_only"),
    )


def _ordering(value: Any) -> Ordering:
    values = _dataclass_values(value, Ordering, ("allowed", "default"))
    return Ordering(
        allowed=_optional_names(values.get("allowed"), "allowed"),
        default=_names(values.get("default") or (), "default"),
    )


def _filter_field(value: Any, name: str) -> FilterField:
    subkey = f"fields.{name}"
    if isinstance(value, FilterField):
        values: Mapping[str, Any] = {"lookups": value.lookups, "choices": value.choices}
    elif isinstance(value, Sequence) and not isinstance(value, str):
        values = {"lookups": value}
    else:
        values = _mapping(value, subkey)
        unknown = sorted(set(values) - {"lookups", "choices"})
        if unknown:
            raise _Invalid(
                gettext("unknown key(s) %(unknown)s; expected %(known)s")
                % {"unknown": unknown, "known": ["lookups", "choices"]},
                subkey,
            )
    choices = values.get("choices")
    if choices is not None and (isinstance(choices, str) or not isinstance(choices, Sequence)):
        raise _Invalid(gettext("choices must be a list"), subkey)
    return FilterField(
        lookups=_optional_names(values.get("lookups"), f"{subkey}.lookups"),
        choices=None if choices is None else tuple(choices),
    )


def _filtering(value: Any) -> Filtering:
    values = _dataclass_values(value, Filtering, ("quick", "fields"))
    per_field = _mapping(values.get("fields") or {}, "fields")
    return Filtering(
        quick=_names(values.get("quick") or (), "quick"),
        fields=MappingProxyType({str(k): _filter_field(v, str(k)) for k, v in per_field.items()}),
    )


def _classifications(value: Any) -> Classification:
    values = _dataclass_values(value, Classification, ("model", "fields"))
    per_field = _mapping(values.get("fields") or {}, "fields")
    return Classification(
        model=_names(values.get("model") or (), "model"),
        fields=MappingProxyType({str(k): _names(v, f"fields.{k}") for k, v in per_field.items()}),
    )


class FieldGroups(Mapping[str, tuple[str, ...]]):
    """Field names by group key, in declaration order, with each group's ``labels[key]``."""

    def __init__(self, groups: Mapping[str, tuple[str, ...]], labels: Mapping[str, str]) -> None:
        self._groups = dict(groups)
        self.labels: Mapping[str, str] = MappingProxyType(dict(labels))

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self._groups[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def __repr__(self) -> str:
        return f"FieldGroups({self._groups!r})"


def _field_groups(value: Any) -> FieldGroups:
    """``{"key": [names]}`` or the guide's ``[{"key", "label", "fields"}]`` list."""
    if isinstance(value, (list, tuple)):
        groups: dict[str, tuple[str, ...]] = {}
        labels: dict[str, str] = {}
        for index, entry in enumerate(value):
            if not isinstance(entry, Mapping) or "key" not in entry:
                raise _Invalid(
                    gettext("entry %(index)s must be a mapping with 'key', 'label' and 'fields'")
                    % {"index": index},
                    str(index),
                )
            key = str(entry["key"])
            groups[key] = _names(entry.get("fields", ()), key)
            labels[key] = entry.get("label", key)
        return FieldGroups(groups, labels)
    groups = {str(k): _names(v, str(k)) for k, v in _mapping(value).items()}
    return FieldGroups(groups, {})


def _custom_metadata(value: Any) -> Mapping[str, Any]:
    return MappingProxyType(dict(_mapping(value)))


_PARSERS = {
    "fields": _fields,
    "filtering": _filtering,
    "ordering": _ordering,
    "classifications": _classifications,
    "field_groups": _field_groups,
    "custom_metadata": _custom_metadata,
}


def inner_meta_class(model: type[Model]) -> type | None:
    """The model's inner ``GraphQLMeta`` / ``GraphqlMeta`` class, if any (inherited ones too)."""
    for name in INNER_CLASS_NAMES:
        declared = getattr(model, name, None)
        if isinstance(declared, type):
            return declared
    return None


def _code_values(model: type[Model]) -> tuple[dict[str, Any], list[MetaProblem]]:
    declared = inner_meta_class(model)
    if declared is None:
        return {}, []
    values: dict[str, Any] = {}
    problems: list[MetaProblem] = []
    for name in dir(declared):
        if name.startswith("_") or name in {"Fields", "Ordering", "Filtering", "FilterField"}:
            continue
        if name == "Classification":
            continue
        value = getattr(declared, name)
        if name in META_KEYS:
            if value is not None:
                values[name] = value
        elif not callable(value):
            problems.append(
                MetaProblem(
                    name,
                    gettext("unknown GraphQLMeta attribute; expected one of %(known)s")
                    % {"known": list(META_KEYS)},
                    "code",
                )
            )
    return values, problems


def _file_values(model: type[Model]) -> tuple[dict[str, Any], str, list[MetaProblem]]:
    try:
        app_config = apps.get_app_config(model._meta.app_label)
    except LookupError:
        return {}, "", []
    meta_file = meta_file_for(app_config.path)
    entry = meta_file.entry(model.__name__)
    if entry is None:
        return {}, "", []
    source = str(meta_file.path)
    problems = [
        MetaProblem(
            str(key),
            gettext("unknown key; expected one of %(known)s") % {"known": list(META_KEYS)},
            source,
        )
        for key in entry
        if key not in META_KEYS
    ]
    values = {k: v for k, v in entry.items() if k in META_KEYS and v is not None}
    return values, source, problems


def resolve_meta(model: type[Model]) -> ResolvedMeta:
    """Compute ``model``'s meta (uncached; use :func:`get_model_meta`)."""
    code, problems = _code_values(model)
    from_file, file_source, file_problems = _file_values(model)
    problems += file_problems
    resolved: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key in META_KEYS:
        if key in code:
            value, source = code[key], "code"
        elif key in from_file:
            value, source = from_file[key], file_source
        else:
            continue
        parser = _PARSERS.get(key)
        try:
            resolved[key] = parser(value) if parser else value
        except _Invalid as exc:
            where = f"{key}.{exc.subkey}" if exc.subkey else key
            problems.append(MetaProblem(where, str(exc), source))
            continue
        sources[key] = source
    return ResolvedMeta(**resolved, sources=MappingProxyType(sources), problems=tuple(problems))


_cache: dict[type[Model], ResolvedMeta] = {}
_lock = threading.Lock()


def get_model_meta(model: type[Model]) -> ResolvedMeta:
    """``model``'s resolved meta, computed once per process (until :func:`clear_meta_cache`)."""
    cached = _cache.get(model)
    if cached is not None:
        return cached
    with _lock:
        resolved = resolve_meta(model)
        _cache[model] = resolved
        return resolved


def clear_meta_cache() -> None:
    """Forget every resolved meta and meta file (tests; code reloaded)."""
    from rail_django.core.meta.meta_files import clear_meta_file_cache

    _cache.clear()
    clear_meta_file_cache()

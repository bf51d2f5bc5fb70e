"""Loading ``meta.yaml`` / ``meta.json`` from an installed app's folder.

The file holds the same structure as a ``GraphQLMeta`` class, keyed by model name::

    models:
      Product:
        ordering: {allowed: [name, price], default: [-price]}

A file is read once per process (until :func:`clear_meta_file_cache`); its problems are kept as
values and reported by the system check, never raised at import.

Other top-level keys belong to extensions (``roles:`` for rail-django-security): an extension
declares its key with :func:`register_meta_file_key` from its ``AppConfig.ready()`` and reads the
value from :attr:`MetaFile.sections`. Any other key is a problem.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext

FILE_NAMES = ("meta.yaml", "meta.yml", "meta.json")


@dataclass(frozen=True)
class MetaFile:
    """One app's meta file: its path, model entries by model name, and problems found reading it."""

    path: Path | None
    models: Mapping[str, Mapping[str, Any]]
    problems: tuple[str, ...] = ()
    #: Values of the extension-owned top-level keys present in the file, as written.
    sections: Mapping[str, Any] = field(default_factory=dict)

    def entry(self, model_name: str) -> Mapping[str, Any] | None:
        """The entry of ``model_name`` (exact class name first, then case-insensitively)."""
        if model_name in self.models:
            return self.models[model_name]
        lowered = model_name.lower()
        for name, entry in self.models.items():
            if name.lower() == lowered:
                return entry
        return None


EMPTY = MetaFile(None, {})
_cache: dict[str, MetaFile] = {}
_lock = threading.Lock()
_extension_keys: set[str] = set()


def register_meta_file_key(key: str) -> None:
    """Accept the top-level ``key`` in meta files; its value is served in ``MetaFile.sections``."""
    _extension_keys.add(key)
    clear_meta_file_cache()


def meta_file_for(app_path: str | Path) -> MetaFile:
    """The meta file of the app folder ``app_path`` (``EMPTY`` when it has none)."""
    key = str(app_path)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    with _lock:
        loaded = _load(Path(app_path))
        _cache[key] = loaded
        return loaded


def clear_meta_file_cache() -> None:
    """Forget every file read (tests; a file edited while the process runs)."""
    _cache.clear()


def _load(folder: Path) -> MetaFile:
    for name in FILE_NAMES:
        path = folder / name
        if path.is_file():
            return _read(path)
    return EMPTY


def _read(path: Path) -> MetaFile:
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        return MetaFile(path, {}, (gettext("cannot be read: %(reason)s") % {"reason": exc},))
    if data is None:
        return MetaFile(path, {})
    if not isinstance(data, Mapping):
        return MetaFile(path, {}, (gettext("must hold a mapping with a 'models' key"),))
    known = ("models", *sorted(_extension_keys))
    problems = [
        gettext("unknown top-level key %(key)r (expected one of %(known)s)")
        % {"key": key, "known": list(known)}
        for key in data
        if key not in known
    ]
    sections = {key: data[key] for key in _extension_keys if key in data}
    models = data.get("models") or {}
    if not isinstance(models, Mapping):
        problems.append(gettext("'models' must map model names to their meta"))
        return MetaFile(path, {}, tuple(problems), sections)
    entries: dict[str, Mapping[str, Any]] = {}
    for name, entry in models.items():
        if not isinstance(entry, Mapping):
            problems.append(gettext("models.%(name)s must be a mapping") % {"name": name})
            continue
        entries[str(name)] = entry
    return MetaFile(path, entries, tuple(problems), sections)

"""``RAIL_DJANGO_EXPORT``: the export guardrails, async jobs and templates, declared once.

Default-deny: ``models`` is empty, so nothing is exportable until a project lists a model. The
guide's deployment variables ``EXPORT_MAX_ROWS`` and ``EXPORT_STREAM_CSV`` set the defaults of
``max_rows`` and ``stream_csv`` (a value in the settings file still wins).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rail_django.contracts.settings_registry import SettingsSection, settings_registry

SETTING = "RAIL_DJANGO_EXPORT"
OWNER = "rail_django.extensions.exporting"
FORMATS = ("csv", "xlsx")
MODEL_KEYS = {"fields": (list, tuple), "permission": str}
TEMPLATE_KEYS = {
    "app_name": str,
    "model_name": str,
    "file_extension": str,
    "fields": (list, tuple),
    "variables": dict,
    "ordering": (list, tuple),
    "max_rows": int,
    "title": str,
    "permission": str,
    "neutralize_formulas": bool,
}


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    return default


def _model_problems(label: Any, entry: Any) -> Iterable[str]:
    if not isinstance(label, str) or label.count(".") != 1:
        yield gettext("models: %(label)r is not an 'app_label.Model' label") % {"label": label}
    if entry is None:
        return
    if not isinstance(entry, Mapping):
        yield gettext("models[%(label)r] must be a dict (or None for every exposed field)") % {
            "label": label
        }
        return
    for key, value in entry.items():
        if key not in MODEL_KEYS:
            yield gettext("models[%(label)r]: unknown key %(key)r (known: %(known)s)") % {
                "label": label,
                "key": key,
                "known": ", ".join(sorted(MODEL_KEYS)),
            }
        elif not isinstance(value, MODEL_KEYS[key]):
            yield gettext("models[%(label)r][%(key)r] has the wrong type (%(type)s)") % {
                "label": label,
                "key": key,
                "type": type(value).__name__,
            }


def _template_problems(name: Any, entry: Any) -> Iterable[str]:
    if not isinstance(entry, Mapping):
        yield gettext("templates[%(name)r] must be a dict") % {"name": name}
        return
    for key, value in entry.items():
        if key not in TEMPLATE_KEYS:
            known = ", ".join(sorted(TEMPLATE_KEYS))
            yield gettext("templates[%(name)r]: unknown key %(key)r (known: %(known)s)") % {
                "name": name,
                "key": key,
                "known": known,
            }
        elif not isinstance(value, TEMPLATE_KEYS[key]):
            yield gettext("templates[%(name)r][%(key)r] has the wrong type (%(type)s)") % {
                "name": name,
                "key": key,
                "type": type(value).__name__,
            }
    for key in ("app_name", "model_name", "fields"):
        if not entry.get(key):
            yield gettext("templates[%(name)r] needs %(key)r") % {"name": name, "key": key}
    if entry.get("file_extension", "csv") not in FORMATS:
        yield gettext("templates[%(name)r]: file_extension must be one of %(formats)s") % {
            "name": name,
            "formats": ", ".join(FORMATS),
        }


def _valid(values: Mapping[str, Any]) -> Iterable[str]:
    models = values["models"]
    if isinstance(models, Mapping):
        for label, entry in models.items():
            yield from _model_problems(label, entry)
    for key in ("max_rows", "max_fields", "max_filter_depth", "max_ordering_keys"):
        if values[key] <= 0:
            yield gettext("%(key)s must be greater than 0 (got %(value)r)") % {
                "key": key,
                "value": values[key],
            }
    if values["async_threshold_rows"] < 0:
        yield gettext("async_threshold_rows must be 0 (never) or more")
    if values["default_format"] not in FORMATS:
        yield gettext("default_format must be one of %(formats)s") % {"formats": ", ".join(FORMATS)}
    templates = values["templates"]
    if isinstance(templates, Mapping):
        for name, entry in templates.items():
            yield from _template_problems(name, entry)


def export_section() -> SettingsSection:
    """The section, with defaults read from the environment when it is declared."""
    return SettingsSection(
        name=SETTING,
        setting=SETTING,
        per_schema=False,
        owner=OWNER,
        defaults={
            "enabled": True,
            "schema": "gql",
            "models": {},
            "max_rows": _env_int("EXPORT_MAX_ROWS", 100_000),
            "stream_csv": _env_bool("EXPORT_STREAM_CSV", True),
            "default_format": "xlsx",
            "max_fields": 50,
            "max_filter_depth": 6,
            "max_ordering_keys": 5,
            "required_permission": "",
            "rate_limit_requests": 30,
            "rate_limit_window_seconds": 60,
            "many_separator": "; ",
            "chunk_size": 2000,
            "async_enabled": True,
            "async_threshold_rows": 50_000,
            "file_ttl_seconds": 86_400,
            "storage_prefix": "rail_exports/",
            "templates": {},
        },
        types={"models": dict, "templates": dict},
        validators=(_valid,),
    )


DESCRIPTIONS = {
    "enabled": _("Serve `POST /api/v1/export/` and the `exportModel` mutation at all."),
    "schema": _("The schema whose pipeline, field-access table and naming an export follows."),
    "models": _(
        'The allow-list: `{"app.Model": None}` (every exposed field) or '
        '`{"app.Model": {"fields": [...], "permission": "app.codename"}}`. Empty: nothing '
        "is exportable, for every user."
    ),
    "max_rows": _(
        "The most rows one export may hold (`EXPORT_MAX_ROWS`); `max_rows` is capped by it."
    ),
    "stream_csv": _("Stream CSV as it is written (`EXPORT_STREAM_CSV`); off: built, then sent."),
    "default_format": _("The `file_extension` of a request that names none: `csv` or `xlsx`."),
    "max_fields": _("The most columns one export may have."),
    "max_filter_depth": _("The deepest nesting of `variables` (the `where` input) accepted."),
    "max_ordering_keys": _("The most `ordering` keys one export may have."),
    "required_permission": _(
        "A permission every exporting user needs on top of viewing (empty: none)."
    ),
    "rate_limit_requests": _("Exports one user may start per window (0: no limit)."),
    "rate_limit_window_seconds": _("The window of `rate_limit_requests`, in seconds."),
    "many_separator": _("What joins the values of a to-many path in one cell."),
    "chunk_size": _("Rows fetched from the database per round trip while exporting."),
    "async_enabled": _('Accept `"async": true` and run big exports on the task backend.'),
    "async_threshold_rows": _("Exports of more rows than this run as a job (0: only on request)."),
    "file_ttl_seconds": _("How long a job's file may be downloaded before it expires."),
    "storage_prefix": _("Where job files are written in Django's default storage."),
    "templates": _(
        'Named, reusable payloads: `{"name": {"app_name", "model_name", "fields", ...}}`.'
    ),
}


def register_export_settings() -> None:
    settings_registry.register(export_section())
    settings_registry.describe(SETTING, DESCRIPTIONS)


def export_settings() -> Mapping[str, Any]:
    """The effective ``RAIL_DJANGO_EXPORT`` (cached by the registry until settings change)."""
    return settings_registry.resolve(None)[SETTING]

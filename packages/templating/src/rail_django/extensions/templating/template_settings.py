"""``RAIL_DJANGO_GRAPHQL_TEMPLATING``: every key of the templating engine, declared once.

The section is process-wide (one renderer, one fetcher policy per process). Nested groups
(``default_template_config``, ``url_fetcher``, ``render_limits``, ``rate_limit``, ``async_jobs``,
``post_processing``) are merged key by key over their defaults, so a project that sets
``{"async_jobs": {"enable": True}}`` keeps the default time-to-live.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rail_django.contracts.settings_registry import SettingsSection, settings_registry

OWNER = "rail_django.extensions.templating"
SETTING = "RAIL_DJANGO_GRAPHQL_TEMPLATING"
RENDERERS = ("weasyprint", "wkhtmltopdf")

NESTED_DEFAULTS: dict[str, dict[str, Any]] = {
    "default_template_config": {"page_size": "A4", "margin": "2cm", "font_family": "Helvetica"},
    "url_fetcher": {
        # Hosts that may be fetched over http(s); empty: no remote resource at all.
        "allowed_hosts": [],
        # Of those, hosts that may resolve to private addresses (an internal asset server).
        "allowed_private_hosts": [],
        "allowed_schemes": ["https"],
        "max_resource_bytes": 5 * 1024 * 1024,
        "timeout_seconds": 10,
    },
    "render_limits": {
        "timeout_seconds": 60,
        "max_memory_mb": 1024,
        # Render in a forked worker process that is killed at the limits.
        "worker_process": False,
    },
    "rate_limit": {"enable": True, "limit": 30, "window_seconds": 60},
    "async_jobs": {"enable": False, "ttl_seconds": 3600, "storage_prefix": "rail_django_pdf_jobs"},
    "post_processing": {
        "watermark": None,
        "page_stamp": None,
        "encryption": None,
        "signature": None,
    },
}


def _valid(values: Mapping[str, Any]) -> Iterable[str]:
    if values["renderer"] not in RENDERERS:
        yield gettext("renderer must be one of %(choices)s (got %(value)r)") % {
            "choices": ", ".join(RENDERERS),
            "value": values["renderer"],
        }
    for group, defaults in NESTED_DEFAULTS.items():
        unknown = set(values[group]) - set(defaults)
        if unknown:
            yield gettext("%(group)s has unknown keys %(unknown)s: known are %(known)s") % {
                "group": group,
                "unknown": sorted(unknown),
                "known": sorted(defaults),
            }
    limits = {**NESTED_DEFAULTS["render_limits"], **values["render_limits"]}
    if limits["timeout_seconds"] <= 0 or limits["max_memory_mb"] <= 0:
        yield gettext("render_limits timeout_seconds and max_memory_mb must be greater than 0")


TEMPLATING_SETTINGS = SettingsSection(
    name=SETTING,
    setting=SETTING,
    owner=OWNER,
    per_schema=False,
    defaults={
        "renderer": "weasyprint",
        "wkhtmltopdf_path": "wkhtmltopdf",
        "schema_name": "gql",
        "enable_catalog": True,
        "enable_preview": False,
        **{group: dict(values) for group, values in NESTED_DEFAULTS.items()},
    },
    validators=(_valid,),
)

DESCRIPTIONS = {
    "renderer": _("`weasyprint` (default) or `wkhtmltopdf` (needs the binary)."),
    "wkhtmltopdf_path": _("The wkhtmltopdf executable, looked up on PATH."),
    "schema_name": _("The schema whose authentication and permissions guard the endpoints."),
    "enable_catalog": _("Serve `GET /api/templates/catalog/`."),
    "enable_preview": _("Serve the HTML preview (development only; 404 when off)."),
    "default_template_config": _("Page CSS: `page_size`, `margin`, `font_family`."),
    "url_fetcher": _("Which resources a template may load (deny by default)."),
    "render_limits": _("Time and memory a render may use; `worker_process` enforces both."),
    "rate_limit": _("Renders per user per window on the rendering endpoints."),
    "async_jobs": _("`?async=true` on the tasks backend; downloads expire after `ttl_seconds`."),
    "post_processing": _("Default watermark, page stamp, encryption and signature."),
}


def register_templating_settings() -> None:
    settings_registry.register(TEMPLATING_SETTINGS)
    settings_registry.describe(TEMPLATING_SETTINGS.name, DESCRIPTIONS)


def templating_settings() -> dict[str, Any]:
    """The effective settings, nested groups merged over their defaults."""
    values = dict(settings_registry.resolve(None)[SETTING])
    for group, defaults in NESTED_DEFAULTS.items():
        values[group] = {**defaults, **dict(values.get(group) or {})}
    return values

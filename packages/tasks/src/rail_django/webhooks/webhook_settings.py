"""``RAIL_DJANGO_WEBHOOKS``: the guide's keys, with delivery knobs, declared once.

The same section may be given as ``RAIL_DJANGO_GRAPHQL["webhook_settings"]`` (the guide wires
``root/webhooks.py`` in that way); ``RAIL_DJANGO_WEBHOOKS`` wins key by key when both are set.

Endpoint entries are checked here (system-check errors at start-up): a name, an ``http(s)``
URL, model labels, secrets in the Standard Webhooks ``whsec_`` form.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rail_django.contracts.settings_registry import SettingsSection, settings_registry

SETTING = "RAIL_DJANGO_WEBHOOKS"
EVENT_TYPES = ("created", "updated", "deleted")
#: Svix's schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000]
ENDPOINT_KEYS = {
    "name": str,
    "url": str,
    "include_models": (list, tuple),
    "exclude_models": (list, tuple),
    "auth_token_path": str,
    "auth_url": str,
    "auth_payload": dict,
    "secret": (str, list, tuple),
    "viewer": str,
    "timeout_seconds": (int, float),
    "enabled": bool,
}


def _endpoint_problems(index: int, entry: Any) -> Iterable[str]:
    where = f"endpoints[{index}]"
    if not isinstance(entry, Mapping):
        yield gettext("%(where)s must be a dict") % {"where": where}
        return
    for key, value in entry.items():
        if key not in ENDPOINT_KEYS:
            yield gettext("%(where)s: unknown key %(key)r (known: %(known)s)") % {
                "where": where,
                "key": key,
                "known": ", ".join(sorted(ENDPOINT_KEYS)),
            }
        elif not isinstance(value, ENDPOINT_KEYS[key]):
            yield gettext("%(where)s[%(key)r] has the wrong type (%(type)s)") % {
                "where": where,
                "key": key,
                "type": type(value).__name__,
            }
    if not isinstance(entry.get("name"), str) or not entry.get("name"):
        yield gettext("%(where)s needs a 'name'") % {"where": where}
    parts = urlsplit(str(entry.get("url", "")))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        yield gettext("%(where)s needs an http(s) 'url' (got %(value)r)") % {
            "where": where,
            "value": entry.get("url"),
        }
    for key in ("include_models", "exclude_models"):
        for label in entry.get(key) or ():
            if not isinstance(label, str) or label.count(".") != 1:
                yield gettext("%(where)s[%(key)r]: %(label)r is not an 'app_label.Model' label") % {
                    "where": where,
                    "key": key,
                    "label": label,
                }
    secrets = entry.get("secret") or []
    for secret in [secrets] if isinstance(secrets, str) else secrets:
        if not _valid_secret(secret):
            yield gettext("%(where)s: a secret must be 'whsec_' + base64 of at least 24 bytes") % {
                "where": where
            }
    if entry.get("auth_token_path") and not entry.get("auth_url"):
        yield gettext("%(where)s: 'auth_token_path' needs an 'auth_url'") % {"where": where}


def _valid_secret(secret: Any) -> bool:
    if not isinstance(secret, str) or not secret.startswith("whsec_"):
        return False
    try:
        return len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) >= 24
    except (binascii.Error, ValueError):
        return False


def _valid(values: Mapping[str, Any]) -> Iterable[str]:
    names: set[str] = set()
    for index, entry in enumerate(values["endpoints"]):
        yield from _endpoint_problems(index, entry)
        name = entry.get("name") if isinstance(entry, Mapping) else None
        if name in names:
            yield gettext("endpoints: the name %(name)r is used twice") % {"name": name}
        names.add(name)
    unknown = set(values["events"]) - set(EVENT_TYPES)
    if unknown:
        yield gettext("events: unknown event types %(unknown)s (known: %(known)s)") % {
            "unknown": sorted(unknown),
            "known": ", ".join(EVENT_TYPES),
        }
    schedule = values["retry_schedule"]
    if not all(isinstance(s, (int, float)) and s >= 0 for s in schedule):
        yield gettext("retry_schedule must be a list of delays in seconds")


WEBHOOK_SETTINGS = SettingsSection(
    name=SETTING,
    setting=SETTING,
    per_schema=False,
    global_key="webhook_settings",
    owner="rail_django.webhooks",
    defaults={
        "enabled": False,
        "endpoints": [],
        "events": {"created": True, "updated": True, "deleted": True},
        "timeout_seconds": 15,
        "retry_schedule": RETRY_SCHEDULE,
        "deny_private_targets": False,
        "lease_seconds": 60,
        "poll_seconds": 1.0,
        "schema": "gql",
    },
    validators=(_valid,),
)

DESCRIPTIONS = {
    "enabled": _("Send model events to the endpoints."),
    "endpoints": _(
        "Receivers: `name`, `url`, `include_models` / `exclude_models`, `secret` (`whsec_...`, "
        "a list while rotating), `viewer`, `auth_token_path`, `auth_url`, `auth_payload`."
    ),
    "events": _("Which event types are sent: `created`, `updated`, `deleted`."),
    "timeout_seconds": _("How long one delivery attempt may take."),
    "retry_schedule": _("Delays in seconds before each retry (Svix-like, over about a day)."),
    "deny_private_targets": _("Refuse endpoints and redirects to private or loopback addresses."),
    "lease_seconds": _("A delivery a worker took is retried by another after this long."),
    "poll_seconds": _("How often a worker looks for deliveries that are due."),
    "schema": _("The schema whose field permissions shape the payload's `data`."),
}


def register_webhook_settings() -> None:
    settings_registry.register(WEBHOOK_SETTINGS)
    settings_registry.describe(SETTING, DESCRIPTIONS)


def webhook_settings() -> Mapping[str, Any]:
    return settings_registry.resolve(None)[SETTING]


def endpoints() -> list[Mapping[str, Any]]:
    """The configured endpoints that are switched on (the settings, not the runtime state)."""
    return [e for e in webhook_settings()["endpoints"] if e.get("enabled", True)]

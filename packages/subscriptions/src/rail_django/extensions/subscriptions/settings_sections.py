"""The ``subscription_settings`` section rail-django-subscriptions owns, with the guide's defaults.

Declared once here and registered from the app's ``AppConfig.ready()``. Every key is per schema:
``settings_registry.resolve("gql")["subscription_settings"]["max_subscriptions_per_connection"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rail_django.contracts.settings_registry import SettingsSection, settings_registry

OWNER = "rail_django.extensions.subscriptions"

_POSITIVE = (
    "connection_init_timeout_seconds",
    "keepalive_seconds",
    "credential_check_seconds",
    "max_subscriptions_per_connection",
    "max_connections_per_user",
    "max_message_bytes",
    "max_pending_events",
)


def _positive(values: Mapping[str, Any]) -> Iterable[str]:
    for key in _POSITIVE:
        if values[key] <= 0:
            yield gettext("%(key)s must be greater than 0 (got %(value)r)") % {
                "key": key,
                "value": values[key],
            }


SUBSCRIPTION_SETTINGS = SettingsSection(
    name="subscription_settings",
    owner=OWNER,
    defaults={
        "enable_subscriptions": True,
        "enable_create": True,
        "enable_update": True,
        "enable_delete": True,
        "enable_filters": True,
        "include_models": [],
        "exclude_models": [],
        "connection_init_timeout_seconds": 3.0,
        "keepalive_seconds": 15.0,
        "credential_check_seconds": 30.0,
        "max_subscriptions_per_connection": 50,
        "max_connections_per_user": 20,
        "max_message_bytes": 65_536,
        "max_pending_events": 1_000,
    },
    types={
        "connection_init_timeout_seconds": (int, float),
        "keepalive_seconds": (int, float),
        "credential_check_seconds": (int, float),
    },
    validators=(_positive,),
)

DESCRIPTIONS = {
    "enable_subscriptions": _("Add the per-model subscription fields to the schema."),
    "enable_create": _("Add `<model>Created` fields."),
    "enable_update": _("Add `<model>Updated` fields."),
    "enable_delete": _("Add `<model>Deleted` fields."),
    "enable_filters": _(
        "Give subscription fields a `filters` argument (the list field's `where`)."
    ),
    "include_models": _("Only these models get subscriptions (`app_label.Model` or an app label)."),
    "exclude_models": _("These models get no subscriptions (`app_label.Model` or an app label)."),
    "connection_init_timeout_seconds": _(
        "Seconds a socket may wait before `connection_init` (then closed with 4408)."
    ),
    "keepalive_seconds": _("Seconds between the legacy protocol's `ka` keep-alive messages."),
    "credential_check_seconds": _(
        "Seconds between checks of each socket's token or session; a socket whose "
        "credentials expired or were revoked is closed with 4403."
    ),
    "max_subscriptions_per_connection": _("Most active subscriptions one socket may hold."),
    "max_connections_per_user": _("Most open sockets one signed-in user may hold in one process."),
    "max_message_bytes": _("Largest message a client may send (bigger: closed with 1009)."),
    "max_pending_events": _(
        "Events a process may hold while it fans out; beyond it new events are dropped and logged."
    ),
}


def register_sections() -> None:
    """Declare the section and describe its keys (from the app's ``ready()``)."""
    settings_registry.register(SUBSCRIPTION_SETTINGS)
    settings_registry.describe("subscription_settings", DESCRIPTIONS)


def subscription_settings(schema_name: str | None) -> Mapping[str, Any]:
    """The merged ``subscription_settings`` of ``schema_name``."""
    return settings_registry.resolve(schema_name)["subscription_settings"]

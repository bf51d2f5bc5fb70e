"""The schema management API's two Django settings (guide §4 "Schema Management API").

``GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS`` (default ``["rail_django.manage_schema"]``): every
listed permission is required, checked with Django's ``user.has_perm`` (the auth backends, so
roles granted through rail-django-security count). ``GRAPHQL_SCHEMA_API_RATE_LIMIT`` (default
``{"enable": True, "window_seconds": 60, "max_requests": 60}``): the budget of each caller.

They are top-level Django settings, as the guide writes them, not a ``RAIL_DJANGO_GRAPHQL``
section. Mistakes are system-check errors ``rail_django.E210`` (permissions) and
``rail_django.E211`` (rate limit), never a traceback at request time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

PERMISSIONS_SETTING = "GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS"
RATE_LIMIT_SETTING = "GRAPHQL_SCHEMA_API_RATE_LIMIT"
DEFAULT_PERMISSIONS: tuple[str, ...] = ("rail_django.manage_schema",)
DEFAULT_RATE_LIMIT: Mapping[str, Any] = {"enable": True, "window_seconds": 60, "max_requests": 60}


@dataclass(frozen=True)
class RateLimit:
    """The per-caller budget: ``max_requests`` per ``window_seconds`` when ``enable``."""

    enable: bool
    window_seconds: int
    max_requests: int


def required_permissions() -> tuple[str, ...]:
    """The permissions a caller must all hold (``app_label.codename``)."""
    value = getattr(settings, PERMISSIONS_SETTING, None)
    if value is None:
        return DEFAULT_PERMISSIONS
    return tuple(value)


def rate_limit() -> RateLimit:
    """The budget of ``GRAPHQL_SCHEMA_API_RATE_LIMIT`` merged over the defaults."""
    given = getattr(settings, RATE_LIMIT_SETTING, None) or {}
    merged = {**DEFAULT_RATE_LIMIT, **given}
    return RateLimit(
        enable=bool(merged["enable"]),
        window_seconds=int(merged["window_seconds"]),
        max_requests=int(merged["max_requests"]),
    )


def check_schema_api_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Wrong types and unknown keys in the two settings."""
    return [*_permission_problems(), *_rate_limit_problems()]


def _permission_problems() -> list[checks.CheckMessage]:
    value = getattr(settings, PERMISSIONS_SETTING, None)
    if value is None:
        return []
    if isinstance(value, (list, tuple)) and all(
        isinstance(item, str) and item.count(".") == 1 for item in value
    ):
        return []
    return [
        checks.Error(
            _("%(setting)s must be a list of 'app_label.codename' strings, not %(value)r.")
            % {"setting": PERMISSIONS_SETTING, "value": value},
            hint=_('For example ["rail_django.manage_schema"]; [] lets any signed-in user in.'),
            id="rail_django.E210",
        )
    ]


def _rate_limit_problems() -> list[checks.CheckMessage]:
    value = getattr(settings, RATE_LIMIT_SETTING, None)
    if value is None:
        return []
    if not isinstance(value, Mapping):
        return [
            _rate_error(
                _("%(setting)s must be a dict, not %(value)r.")
                % {"setting": RATE_LIMIT_SETTING, "value": value}
            )
        ]
    problems = []
    for key in value:
        if key not in DEFAULT_RATE_LIMIT:
            close = get_close_matches(str(key), list(DEFAULT_RATE_LIMIT), n=1)
            hint = _("Did you mean %(name)r?") % {"name": close[0]} if close else None
            message = _("%(setting)s: unknown key %(key)r.") % {
                "setting": RATE_LIMIT_SETTING,
                "key": key,
            }
            problems.append(_rate_error(message, hint))
    if "enable" in value and not isinstance(value["enable"], bool):
        problems.append(
            _rate_error(
                _("%(setting)s['enable'] must be True or False.") % {"setting": RATE_LIMIT_SETTING}
            )
        )
    for key in ("window_seconds", "max_requests"):
        item = value.get(key, 1)
        if isinstance(item, bool) or not isinstance(item, int) or item < 1:
            problems.append(
                _rate_error(
                    _("%(setting)s[%(key)r] must be a whole number >= 1.")
                    % {"setting": RATE_LIMIT_SETTING, "key": key}
                )
            )
    return problems


def _rate_error(message: str, hint: str | None = None) -> checks.Error:
    return checks.Error(message, hint=hint, id="rail_django.E211")

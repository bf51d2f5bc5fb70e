"""System checks of the audit app's settings (``rail_django_audit.E001``-``E003``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


def check_audit_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from rail_django.extensions.audit.models import get_audit_event_model

    problems: list[checks.CheckMessage] = []
    try:
        get_audit_event_model()
    except ImproperlyConfigured as exc:
        problems.append(checks.Error(str(exc), id="rail_django_audit.E001"))
    alias = getattr(settings, "RAIL_DJANGO_AUDIT_DATABASE", "default")
    if alias not in settings.DATABASES:
        problems.append(
            checks.Error(
                _("RAIL_DJANGO_AUDIT_DATABASE is %(alias)r, which is not a key of DATABASES")
                % {"alias": alias},
                id="rail_django_audit.E002",
            )
        )
    if not isinstance(getattr(settings, "RAIL_DJANGO_AUDIT_FAIL_CLOSED", False), bool):
        problems.append(
            checks.Error(
                _("RAIL_DJANGO_AUDIT_FAIL_CLOSED must be True or False"),
                id="rail_django_audit.E003",
            )
        )
    slow = getattr(settings, "RAIL_DJANGO_AUDIT_SLOW_WRITE_MS", 100)
    if isinstance(slow, bool) or not isinstance(slow, int | float):
        problems.append(
            checks.Error(
                _("RAIL_DJANGO_AUDIT_SLOW_WRITE_MS must be a number of milliseconds"),
                id="rail_django_audit.E003",
            )
        )
    return problems

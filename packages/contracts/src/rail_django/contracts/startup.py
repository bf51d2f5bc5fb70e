"""What the spine needs at start-up, whichever Rail Django app Django loads first.

The guide asks users to install ``rail_django.core`` and the extensions, never
``rail_django.contracts``; security must not depend on an optional ``INSTALLED_APPS`` line. So
core's app (and the contracts app, when listed) call :func:`start`, and the queryset pipeline
calls :func:`ensure_started` before every run: permission scoping, the settings system check
and the settings cache's invalidation are on in every configuration.
"""

from __future__ import annotations

import threading

_started = False
_lock = threading.Lock()


def start() -> None:
    """Register the pipeline's permission-scope step, the settings system check, the
    settings-cache invalidation on ``setting_changed`` and the ORM signals that publish model
    events. Safe to call any number of times."""
    global _started
    with _lock:
        if _started:
            return
        from django.core import checks
        from django.core.signals import setting_changed

        from rail_django.contracts.model_events import connect_orm_signals
        from rail_django.contracts.permissions import register_default_steps
        from rail_django.contracts.settings_registry import check_settings

        checks.register(check_settings, "rail_django")
        register_default_steps()
        connect_orm_signals()
        setting_changed.connect(_clear_settings_cache, dispatch_uid="rail_django_settings_cache")
        _started = True


def ensure_started() -> None:
    """:func:`start` unless it already ran (one boolean test on the hot path)."""
    if not _started:
        start()


def _clear_settings_cache(**kwargs: object) -> None:
    from rail_django.contracts.settings_registry import settings_registry

    settings_registry.clear_cache()

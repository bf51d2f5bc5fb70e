"""System checks of the JWT set-up: ids ``rail_django_security.E1xx`` / ``W1xx``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from rail_django.security.auth.middleware import MIDDLEWARE_PATH
from rail_django.security.auth.token_settings import (
    SYMMETRIC_ALGORITHMS,
    as_timedelta,
    setting,
    token_config,
)

AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"


def check_middleware(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """When the optional JWT middleware is used, it comes after Django's authentication
    middleware (Rail endpoints read tokens without it)."""
    middleware = list(getattr(settings, "MIDDLEWARE", None) or [])
    if MIDDLEWARE_PATH not in middleware or AUTH_MIDDLEWARE not in middleware:
        return []
    if middleware.index(AUTH_MIDDLEWARE) > middleware.index(MIDDLEWARE_PATH):
        return [
            checks.Warning(
                _(
                    "%(middleware)s comes before %(auth)s, which then replaces the "
                    "token's user with the session user."
                )
                % {"middleware": MIDDLEWARE_PATH, "auth": AUTH_MIDDLEWARE},
                hint=_("Move %(middleware)r after %(auth)r.")
                % {"middleware": MIDDLEWARE_PATH, "auth": AUTH_MIDDLEWARE},
                id="rail_django_security.W102",
            )
        ]
    return []


def check_token_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The ``JWT_*`` settings describe a usable, safe configuration."""
    problems: list[checks.CheckMessage] = []
    for name in (
        "JWT_ACCESS_TOKEN_LIFETIME",
        "JWT_REFRESH_TOKEN_LIFETIME",
        "JWT_REFRESH_FAMILY_MAX_LIFETIME",
    ):
        try:
            lifetime = as_timedelta(setting(name))
        except TypeError as exc:
            problems.append(checks.Error(f"{name}: {exc}", id="rail_django_security.E102"))
            continue
        if lifetime.total_seconds() <= 0:
            problems.append(
                checks.Error(
                    _("%(name)s must be positive.") % {"name": name}, id="rail_django_security.E102"
                )
            )
    if problems:
        return problems
    try:
        config = token_config()
    except (ImproperlyConfigured, OSError) as exc:
        return [checks.Error(str(exc), id="rail_django_security.E101")]
    if config.algorithm in SYMMETRIC_ALGORITHMS:
        key = setting("JWT_SIGNING_KEY")
        if key and key == settings.SECRET_KEY:
            problems.append(
                checks.Warning(
                    _("JWT_SIGNING_KEY is SECRET_KEY: a leak of either now forges both."),
                    hint=_(
                        "Unset JWT_SIGNING_KEY (a key is derived from SECRET_KEY) or use "
                        "another random value."
                    ),
                    id="rail_django_security.W103",
                )
            )
        if key and len(key.encode() if isinstance(key, str) else key) < 32:
            problems.append(
                checks.Warning(
                    _("JWT_SIGNING_KEY is shorter than 32 bytes."),
                    id="rail_django_security.W104",
                )
            )
    elif config.signing_key is None:
        problems.append(
            checks.Warning(
                _(
                    "JWT_ALGORITHM %(algorithm)s has no JWT_PRIVATE_KEY(_FILE): this process "
                    "can verify tokens but not issue them (login will fail)."
                )
                % {"algorithm": config.algorithm},
                id="rail_django_security.W105",
            )
        )
    if setting("JWT_ALLOW_COOKIE_AUTH"):
        if not setting("JWT_ENFORCE_CSRF"):
            problems.append(
                checks.Warning(
                    _(
                        "Cookie authentication is on with JWT_ENFORCE_CSRF = False: any site can "
                        "make a logged-in browser send mutations."
                    ),
                    id="rail_django_security.W106",
                )
            )
        if not setting("JWT_COOKIE_SECURE") and not settings.DEBUG:
            problems.append(
                checks.Warning(
                    _("JWT_COOKIE_SECURE is False: token cookies travel over plain HTTP."),
                    id="rail_django_security.W107",
                )
            )
    return problems

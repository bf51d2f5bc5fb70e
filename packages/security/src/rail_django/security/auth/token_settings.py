"""The ``JWT_*`` Django settings, read in one place with their defaults.

They are top-level Django settings (not a ``RAIL_DJANGO_GRAPHQL`` section) because they belong to
the whole project: one signing key and one token format for every schema. Values are read on
each call so ``override_settings`` in tests and settings reloads apply at once; reading a few
attributes costs nothing next to a signature check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

#: Algorithms a project may choose. ``none`` is never among them.
SYMMETRIC_ALGORITHMS = ("HS256", "HS384", "HS512")
ASYMMETRIC_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA")
SUPPORTED_ALGORITHMS = SYMMETRIC_ALGORITHMS + ASYMMETRIC_ALGORITHMS

DEFAULTS: dict[str, Any] = {
    "JWT_ALGORITHM": "HS256",
    "JWT_SIGNING_KEY": None,
    "JWT_PRIVATE_KEY": None,
    "JWT_PUBLIC_KEY": None,
    "JWT_PRIVATE_KEY_FILE": None,
    "JWT_PUBLIC_KEY_FILE": None,
    "JWT_ISSUER": "rail-django",
    "JWT_AUDIENCE": "rail-django",
    "JWT_ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "JWT_REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    # Absolute lifetime of a login (a token family): refreshing never extends it past this.
    "JWT_REFRESH_FAMILY_MAX_LIFETIME": timedelta(days=30),
    "JWT_LEEWAY": 0,
    "JWT_ALLOW_COOKIE_AUTH": False,
    "JWT_ENFORCE_CSRF": True,
    "JWT_AUTH_COOKIE": "rail_access",
    "JWT_REFRESH_COOKIE": "rail_refresh",
    "JWT_COOKIE_SECURE": True,
    "JWT_COOKIE_SAMESITE": "Lax",
    "JWT_COOKIE_DOMAIN": None,
    "JWT_ALLOW_REGISTRATION": False,
    "JWT_LOGIN_MAX_ATTEMPTS": 5,
    "JWT_LOGIN_LOCKOUT_SECONDS": 300,
    # Brute-force detection: failures within the lockout window for one account (any IP) or
    # from one IP (any account) that raise ``auth.bruteforce.suspected`` and lock (0: off).
    "JWT_BRUTEFORCE_ACCOUNT_THRESHOLD": 20,
    "JWT_BRUTEFORCE_IP_THRESHOLD": 50,
    # Seconds a live access token's server-side state is remembered in-process (0: off).
    "JWT_VERIFICATION_CACHE_SECONDS": 5,
}

# Salt of the key derived from SECRET_KEY when JWT_SIGNING_KEY is unset: a token key that is not
# SECRET_KEY itself, so a leaked token-signing key does not also forge sessions and password
# reset links, and vice versa.
_DERIVED_KEY_SALT = "rail_django.security.auth.jwt-signing-key"


def setting(name: str) -> Any:
    """The value of the ``JWT_*`` setting ``name`` (its default when unset)."""
    return getattr(settings, name, DEFAULTS[name])


def as_timedelta(value: Any) -> timedelta:
    """A lifetime given as a ``timedelta`` or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=value)
    raise TypeError(
        gettext("expected a timedelta or a number of seconds, not %(type)s")
        % {"type": type(value).__name__}
    )


@dataclass(frozen=True)
class TokenConfig:
    """What signing and verifying a token needs, resolved from the settings."""

    algorithm: str
    signing_key: Any
    verifying_key: Any
    issuer: str
    audience: str
    access_lifetime: timedelta
    refresh_lifetime: timedelta
    leeway: timedelta
    #: How long a family may live from its login, however often it is refreshed.
    family_max_lifetime: timedelta = timedelta(days=30)


def token_config() -> TokenConfig:
    """The current token configuration (raises ``ImproperlyConfigured`` on a bad one)."""
    from django.core.exceptions import ImproperlyConfigured

    algorithm = setting("JWT_ALGORITHM")
    if algorithm not in SUPPORTED_ALGORITHMS:
        raise ImproperlyConfigured(
            gettext("JWT_ALGORITHM must be one of %(choices)s, not %(value)r")
            % {"choices": ", ".join(SUPPORTED_ALGORITHMS), "value": algorithm}
        )
    if algorithm in SYMMETRIC_ALGORITHMS:
        key = setting("JWT_SIGNING_KEY") or derived_signing_key(settings.SECRET_KEY)
        signing_key = verifying_key = key
    else:
        signing_key = _pem("JWT_PRIVATE_KEY", "JWT_PRIVATE_KEY_FILE")
        verifying_key = _pem("JWT_PUBLIC_KEY", "JWT_PUBLIC_KEY_FILE")
        if verifying_key is None:
            raise ImproperlyConfigured(
                gettext("JWT_ALGORITHM %(algorithm)s needs JWT_PUBLIC_KEY or JWT_PUBLIC_KEY_FILE")
                % {"algorithm": algorithm}
            )
    return TokenConfig(
        algorithm=algorithm,
        signing_key=signing_key,
        verifying_key=verifying_key,
        issuer=setting("JWT_ISSUER"),
        audience=setting("JWT_AUDIENCE"),
        access_lifetime=as_timedelta(setting("JWT_ACCESS_TOKEN_LIFETIME")),
        refresh_lifetime=as_timedelta(setting("JWT_REFRESH_TOKEN_LIFETIME")),
        leeway=as_timedelta(setting("JWT_LEEWAY")),
        family_max_lifetime=as_timedelta(setting("JWT_REFRESH_FAMILY_MAX_LIFETIME")),
    )


@lru_cache(maxsize=4)
def derived_signing_key(secret_key: str) -> str:
    """The HMAC key derived from ``SECRET_KEY`` (never ``SECRET_KEY`` itself)."""
    return salted_hmac(_DERIVED_KEY_SALT, "jwt", secret=secret_key, algorithm="sha256").hexdigest()


def _pem(inline_name: str, file_name: str) -> str | None:
    inline = setting(inline_name)
    if inline:
        return inline
    path = setting(file_name)
    if path:
        return _read_key_file(str(path))
    return None


@lru_cache(maxsize=8)
def _read_key_file(path: str) -> str:
    # Cached by path: key files are read once per process, not on every request.
    return Path(path).read_text(encoding="ascii")


def registration_allowed(schema_name: str) -> bool:
    """Whether ``register`` is offered in ``schema_name``: ``JWT_ALLOW_REGISTRATION`` is
    ``True`` (every schema) or a list of schema names."""
    value = setting("JWT_ALLOW_REGISTRATION")
    if isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return schema_name in value
    return False

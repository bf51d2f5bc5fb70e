"""Production settings: secure unless the environment explicitly says otherwise.

Required: ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` (comma-separated) and usually
``DATABASE_URL``. ``DJANGO_DEBUG`` defaults to false. GraphiQL and introspection are off unless
``RAIL_ENABLE_GRAPHIQL`` / ``RAIL_ENABLE_INTROSPECTION`` are true, and even then GraphiQL is for
superusers only. HTTPS is assumed: cookies are Secure, HTTP redirects to HTTPS, HSTS is sent.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from root.settings.base import *  # noqa: F403
from root.settings.base import BASE_DIR, RAIL_DJANGO_GRAPHQL

TRUE_VALUES = {"1", "true", "yes", "on"}


def env_flag(name: str, default: bool) -> bool:
    """Read a boolean from the environment (``1``/``true``/``yes``/``on`` are true)."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in TRUE_VALUES


def env_list(name: str) -> list[str]:
    """Read a comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value in production.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS everywhere. Behind a proxy that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=true
# (only when the proxy overwrites X-Forwarded-Proto: clients must not be able to set it).
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
if env_flag("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", False)
# HSTS preloading is a permanent decision for the domain's owner, not a default to ship.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The demo users exist only when their passwords come from the environment.
DEMO_ADMIN_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD") or None
DEMO_VIEWER_PASSWORD = os.environ.get("DEMO_VIEWER_PASSWORD") or None

RAIL_DJANGO_GRAPHQL = {
    **RAIL_DJANGO_GRAPHQL,
    "schema_settings": {
        **RAIL_DJANGO_GRAPHQL["schema_settings"],
        "enable_graphiql": env_flag("RAIL_ENABLE_GRAPHIQL", False),
        "graphiql_superuser_only": True,
        "enable_introspection": env_flag("RAIL_ENABLE_INTROSPECTION", False),
    },
    # Operations limited per user or address (sign-in attempts have their own, lower budget),
    # counted in the cache below, which every process of the server shares.
    "security_settings": {
        **RAIL_DJANGO_GRAPHQL.get("security_settings", {}),
        "enable_rate_limiting": True,
        # Exact origins of front ends on other sites (never "*" in production: check --deploy
        # warns); none: only the shop's own pages call the API.
        "allowed_origins": env_list("RAIL_CORS_ALLOWED_ORIGINS"),
    },
}

# Redis when REDIS_URL is set (several servers), else files every process on this machine shares.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_PATH") or str(BASE_DIR / ".cache"),
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

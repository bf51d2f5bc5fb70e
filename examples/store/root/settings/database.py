"""Read the ``DATABASES["default"]`` entry from a ``DATABASE_URL`` (no extra dependency).

Supported forms::

    sqlite:///relative/path.sqlite3      (relative to the project folder)
    sqlite:////absolute/path.sqlite3
    sqlite://:memory:
    postgres://user:password@host:5432/name?sslmode=require   (also postgresql://, pgsql://)

Query parameters of a PostgreSQL URL become connection ``OPTIONS`` (``sslmode``,
``connect_timeout``, ...); ``conn_max_age`` and ``conn_health_checks`` are Django's own keys.
Anything else is a configuration error raised at startup, never a silent fallback to SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
SQLITE_SCHEMES = {"sqlite", "sqlite3"}

# Keys of a URL's query string that are Django connection settings, not driver options.
_DJANGO_KEYS = {"conn_max_age": int, "conn_health_checks": lambda value: value == "true"}


def database_from_url(url: str, base_dir: Path) -> dict[str, Any]:
    """The Django database settings that ``url`` describes.

    ``base_dir`` anchors relative SQLite paths, so the project runs from any working directory.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in SQLITE_SCHEMES:
        return _sqlite(parts.netloc, parts.path, base_dir)
    if scheme in POSTGRES_SCHEMES:
        return _postgres(parts)
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported: use sqlite:///path or "
        "postgres://user:password@host:port/name"
    )


def _sqlite(netloc: str, path: str, base_dir: Path) -> dict[str, Any]:
    if netloc == ":memory:" or path in {"", "/:memory:"}:
        name: str | Path = ":memory:"
    elif netloc:
        raise ImproperlyConfigured(
            f"DATABASE_URL sqlite://{netloc}{path} names a host; use sqlite:///relative/path "
            "or sqlite:////absolute/path"
        )
    else:
        # "sqlite:///db.sqlite3" has path "/db.sqlite3" (relative); "sqlite:////tmp/x" is absolute.
        relative = path[1:]
        name = Path(unquote(relative))
        if not name.is_absolute():
            name = base_dir / name
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}


def _postgres(parts: Any) -> dict[str, Any]:
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL for PostgreSQL must name a database: .../name")
    config: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(parts.hostname or ""),
        "PORT": str(parts.port or ""),
    }
    options: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in _DJANGO_KEYS:
            try:
                config[key.upper()] = _DJANGO_KEYS[key](value)
            except ValueError as exc:
                raise ImproperlyConfigured(f"DATABASE_URL {key}={value!r} is invalid") from exc
        else:
            options[key] = value
    if options:
        config["OPTIONS"] = options
    return config

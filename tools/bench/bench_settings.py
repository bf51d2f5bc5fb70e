"""Django settings of the benchmark project, configured in-process (``configure(db)``)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SQLITE_PATH = Path(tempfile.gettempdir()) / "rail_django_bench.sqlite3"
POSTGRES_DB = os.environ.get("RAIL_BENCH_POSTGRES_DB", "rail_django_bench")


def database(db: str) -> dict:
    if db == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(SQLITE_PATH)}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": POSTGRES_DB,
        "USER": os.environ.get("RAIL_BENCH_POSTGRES_USER", "postgres"),
        "PASSWORD": os.environ.get("RAIL_BENCH_POSTGRES_PASSWORD", ""),
        "HOST": os.environ.get("RAIL_BENCH_POSTGRES_HOST", "127.0.0.1"),
        "PORT": os.environ.get("RAIL_BENCH_POSTGRES_PORT", "5432"),
        "CONN_MAX_AGE": None,
    }


def configure(
    db: str,
    extra_apps: tuple[str, ...] = ("bench_store",),
    schema_apps: tuple[str, ...] = ("bench_store",),
) -> None:
    """Configure Django for the benchmark on ``db`` (``sqlite`` or ``postgres``)."""
    import django
    from django.conf import settings

    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    apps = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "rail_django.contracts",
        "rail_django.core",
    ]
    try:
        import rail_django.filtering  # noqa: F401

        apps.append("rail_django.filtering")
    except ImportError:
        pass
    import importlib.util

    for optional in ("strawberry_django", "graphene_django"):
        if importlib.util.find_spec(optional) is not None:
            apps.append(optional)
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only-not-secret",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=[*apps, *extra_apps],
        DATABASES={"default": database(db)},
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        ROOT_URLCONF="bench_urls",
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        TEMPLATES=[
            {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
        ],
        RAIL_DJANGO_GRAPHQL={
            "schema_settings": {"authentication_required": False},
            "query_settings": {"require_model_permissions": False, "max_page_size": 100},
            # The nested query (20 x 10 x 5 rows) costs 8,457 points: the limit stays on (its
            # cost is measured) but high enough for the benchmark's queries.
            "performance_settings": {"max_query_complexity": 1_000_000},
            "middleware_settings": {"log_queries": False},
        },
        # The slow-request warnings would only clutter the benchmark's output.
        LOGGING={
            "version": 1,
            "loggers": {"rail_django.core.performance": {"level": "ERROR"}},
        },
        RAIL_DJANGO_GRAPHQL_SCHEMAS={"gql": {"apps": list(schema_apps)}},
        GRAPHENE={"SCHEMA": None},
    )
    django.setup()

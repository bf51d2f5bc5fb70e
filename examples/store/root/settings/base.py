"""Settings shared by every environment of the storefront example.

``dev`` (the default of ``manage.py``) and ``prod`` import everything from here and change only
what differs. The database is SQLite in the project folder unless ``DATABASE_URL`` says otherwise.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from root.settings.database import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# Rail Django extensions switch on by being installed apps; the example turns on whichever of
# them are installed (`pip install rail-django` installs all), so it also runs with core alone.
OPTIONAL_RAIL_APPS = [
    "rail_django.filtering",
    "rail_django.security",
    "rail_django.extensions.exporting",
    "rail_django.extensions.reporting",
    "rail_django.extensions.templating",
    "rail_django.extensions.tasks",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rail_django.contracts",
    "rail_django.core",
    *[app for app in OPTIONAL_RAIL_APPS if _installed(app)],
    "apps.store",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# No JWT middleware: with rail-django-security installed, Rail's endpoints read the bearer token
# (or the cookies in cookie mode) themselves (middleware_settings.enable_authentication_middleware).

ROOT_URLCONF = "root.urls"
WSGI_APPLICATION = "root.wsgi.application"
ASGI_APPLICATION = "root.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# After logging in at /admin/, send people to GraphiQL: that is what the demo is for.
LOGIN_URL = "/admin/login/"
LOGIN_REDIRECT_URL = "/graphql/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# The demo data command creates these users; a password of None skips the user. Only dev
# settings give them default passwords.
DEMO_ADMIN_PASSWORD: str | None = os.environ.get("DEMO_ADMIN_PASSWORD") or None
DEMO_VIEWER_PASSWORD: str | None = os.environ.get("DEMO_VIEWER_PASSWORD") or None

# Rail Django: the global defaults of every schema (guide §4). Only what differs from the
# library defaults is written here; `manage.py check` reports unknown keys with a hint.
RAIL_DJANGO_GRAPHQL = {
    "schema_settings": {
        # Django's own tables are not part of the storefront API (auth.User holds password
        # hashes); the admin site manages them.
        "excluded_apps": ["admin", "auth", "contenttypes", "sessions"],
        "authentication_required": True,
        "enable_graphiql": True,
        "enable_introspection": True,
    },
    "query_settings": {
        "default_page_size": 20,
        "max_page_size": 100,
    },
    "mutation_settings": {
        "generate_bulk": False,
    },
    "performance_settings": {
        "max_query_depth": 8,
        "max_query_complexity": 1000,
    },
}

# Two schemas: `gql` is the storefront API every signed-in user with view permissions reads;
# `admin` is internal tooling with larger pages and bulk mutations, for superusers' GraphiQL.
RAIL_DJANGO_GRAPHQL_SCHEMAS = {
    "gql": {
        "description": "The storefront API: catalog, customers and orders.",
        "apps": ["store"],
    },
    "admin": {
        "description": "Internal tools: bulk operations and larger pages.",
        "apps": ["store"],
        "schema_settings": {"graphiql_superuser_only": True},
        "query_settings": {"max_page_size": 500},
        "mutation_settings": {"generate_bulk": True, "enable_bulk_operations": True},
    },
}

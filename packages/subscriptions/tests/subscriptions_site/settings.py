"""A small site served by daphne in the tests (real sockets, real processes).

``RAIL_SITE_DB`` is its SQLite file (every process of one test shares it); ``RAIL_SITE_REDIS_URL``,
when set, makes channels-redis the channel layer so several processes share events.
"""

import importlib.util
import os

SECRET_KEY = "rail-django-subscriptions-site-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
ROOT_URLCONF = "subscriptions_site.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rail_django.contracts",
    "rail_django.core",
    *(["rail_django.filtering"] if importlib.util.find_spec("rail_django.filtering") else []),
    "rail_django.extensions.subscriptions",
    "subscriptions_testapp",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["RAIL_SITE_DB"],
        "OPTIONS": {"timeout": 20},
    }
}
ASGI_APPLICATION = "subscriptions_site.asgi.application"
if os.environ.get("RAIL_SITE_REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["RAIL_SITE_REDIS_URL"]]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
RAIL_DJANGO_GRAPHQL = {
    "schema_settings": {"authentication_required": False},
    "query_settings": {"require_model_permissions": False},
    "mutation_settings": {"require_model_permissions": False},
}
RAIL_DJANGO_GRAPHQL_SCHEMAS = {"subs": {"apps": ["subscriptions_testapp"]}}

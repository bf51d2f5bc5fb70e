"""Django settings of the dramatiq worker processes the export tests start: the test run's apps,
database (``RAIL_WORKER_DATABASE``), Rail settings and media folder (``RAIL_WORKER_MEDIA``)."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))  # first: the root conftest, not this folder's

from conftest import _apps  # noqa: E402

SECRET_KEY = "rail-django-tests-only-not-secret"
INSTALLED_APPS = _apps()
DATABASES = {"default": json.loads(os.environ["RAIL_WORKER_DATABASE"])}
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RAIL_DJANGO_GRAPHQL = json.loads(os.environ.get("RAIL_WORKER_GRAPHQL", "{}"))
RAIL_DJANGO_GRAPHQL_SCHEMAS = {"exp": {"apps": ["exportshop"]}}
RAIL_DJANGO_EXPORT = json.loads(os.environ.get("RAIL_WORKER_EXPORT", "{}"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ["RAIL_WORKER_MEDIA"]},
    },
}
EXPORT_TESTS_EXPOSE_SHOP = True
EXPORT_TESTS_WORKER = True

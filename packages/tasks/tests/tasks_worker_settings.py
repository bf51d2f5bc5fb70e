"""Django settings of the dramatiq worker processes the tests start.

The same apps as the test run (the root conftest decides them), the test run's own database
(``RAIL_WORKER_DATABASE``, JSON) and Rail settings (``RAIL_WORKER_GRAPHQL`` /
``RAIL_WORKER_WEBHOOKS``, JSON), so the worker sees the rows the test writes.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from conftest import _apps  # noqa: E402

SECRET_KEY = "rail-django-tests-only-not-secret"
INSTALLED_APPS = _apps()
DATABASES = {"default": json.loads(os.environ["RAIL_WORKER_DATABASE"])}
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RAIL_DJANGO_GRAPHQL = json.loads(os.environ.get("RAIL_WORKER_GRAPHQL", "{}"))
RAIL_DJANGO_WEBHOOKS = json.loads(os.environ.get("RAIL_WORKER_WEBHOOKS", "{}"))
